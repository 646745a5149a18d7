using NUnit.Framework;
using ProbeHarness.Exploring;
using ProbeHarness.Judging;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exploring;

/// <summary>
/// The fail-nth loop against a fake guest: a kernel model in which each function is called a fixed
/// number of times by the call, failing one call fails the call, and one chosen step crashes. The
/// same path in real guests: RealBoot/ExploreRealTests.
/// </summary>
public class ExplorerTests
{
    private static readonly ErrorPaths Data = ErrorPaths.Parse("""
        syscalls:
          open: phfault open /etc/ph/modules
        functions:
          - function: security_file_open
            returns: -EACCES
            may-return: [-EACCES]
          - function: kmem_cache_alloc
            returns: NULL
            may-return: [NULL]
          - function: alloc_pipe_info
            returns: NULL
            may-return: [NULL]
        """, "fake.yaml");

    private static readonly Dictionary<string, int> CallsMade = new() { ["security_file_open"] = 1, ["kmem_cache_alloc"] = 3, ["alloc_pipe_info"] = 0 };

    private readonly List<string> _ran = [];

    private Task<Outcome> FakeGuest(string name, string script, CancellationToken ct)
    {
        _ran.Add(name);
        if (name == "open/survey")
        {
            Assert.That(script, Does.Contain("rule=never"));
            return Task.FromResult<Outcome>(new Outcome.Ran(0,
                string.Join("", CallsMade.Select(kv => $"function: {kv.Key}\nopen: ok\nagain: ok\nfds: same\ncalls={kv.Value} injected=0\nkernel: survived\n")), ""));
        }
        var parts = name.Split('/');
        var (function, nth) = (parts[1], int.Parse(parts[2]["nth:".Length..]));
        Assert.That(script, Does.Contain($"func={function} ").And.Contain($"rule=nth:{nth} ").And.Contain("slab: "));
        if (function == "kmem_cache_alloc" && nth == 2)
            return Task.FromResult<Outcome>(new Outcome.Crashed(new CrashInfo("BUG: unable to handle page fault in filp_close", "BUG", Culprit.Kernel, false, null, ""), ""));
        var injected = nth <= CallsMade[function] ? 1 : 0;
        var errno = injected == 1 ? (function == "kmem_cache_alloc" ? "ENOMEM" : "EACCES") : "ok";
        return Task.FromResult<Outcome>(new Outcome.Ran(0,
            $"open: {errno}\nagain: ok\nfds: same\ncalls={CallsMade[function]} injected={injected}\nkernel: survived\nslab: 100 100\n", ""));
    }

    [Test]
    public async Task Each_reached_function_fails_call_by_call_until_a_step_injects_nothing()
    {
        var judged = new List<StepVerdict>();
        var explorer = new Explorer(Data, 8, "/m/phinject.ko", "x86_64", "6.1.0-test", FakeGuest, judged.Add);
        var (survey, steps) = await explorer.ExploreAsync("open", CancellationToken.None);

        Assert.That(survey.Calls["kmem_cache_alloc"], Is.EqualTo(3));
        Assert.That(_ran, Is.EqualTo(new[]
        {
            "open/survey",
            "open/security_file_open/nth:1", "open/security_file_open/nth:2",
            "open/kmem_cache_alloc/nth:1", "open/kmem_cache_alloc/nth:2", "open/kmem_cache_alloc/nth:3", "open/kmem_cache_alloc/nth:4",
        }), "alloc_pipe_info is never reached, so never tried; each function ends on the step that injects nothing");
        Assert.That(steps.Select(s => s.Verdict), Is.EqualTo(new[] { "error path ok", "no more calls", "error path ok", "crash", "error path ok", "no more calls" }));
        Assert.That(judged, Is.EqualTo(steps), "each step handed on as it is judged");
        var finding = steps.Single(s => s.Finding is not null).Finding!;
        Assert.That((finding.Kind, finding.Culprit, finding.Where!.Test), Is.EqualTo(("error-path-crash", Culprit.Kernel, "open/kmem_cache_alloc/nth:2")));
        Assert.That(finding.Reproducer, Does.Contain("rule: nth:2").And.Contain("returns: NULL"));
    }

    [Test]
    public async Task Max_steps_bounds_each_function()
    {
        var explorer = new Explorer(Data, 2, "/m/phinject.ko", "x86_64", "k", FakeGuest, _ => { });
        var (_, steps) = await explorer.ExploreAsync("open", CancellationToken.None);
        Assert.That(steps.Where(s => s.Function.Name == "kmem_cache_alloc").Select(s => s.Nth), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task Without_a_survey_every_function_is_tried()
    {
        var explorer = new Explorer(Data, 8, "/m/phinject.ko", "x86_64", "k", (n, s, c) => n == "open/survey"
            ? Task.FromResult<Outcome>(new Outcome.MachineFailed(Culprit.Infrastructure, "QEMU exited unexpectedly", "")) : FakeGuest(n, s, c), _ => { });
        var (survey, steps) = await explorer.ExploreAsync("open", CancellationToken.None);
        Assert.That(survey.Problem, Does.Contain("QEMU exited unexpectedly"));
        Assert.That(steps.Where(s => s.Function.Name == "alloc_pipe_info").Select(s => s.Verdict), Is.EqualTo(new[] { "no more calls" }));
    }

    [Test]
    public void The_survey_reads_each_functions_count_and_skips_refused_ones()
    {
        var counts = ExploreScripts.SurveyCounts("function: a\nopen: ok\ncalls=4 injected=0\nkernel: survived\nfunction: b\nfunction: c\ncalls=0 injected=0\n");
        Assert.That(counts, Is.EqualTo(new Dictionary<string, long> { ["a"] = 4, ["c"] = 0 }));
    }

    [Test]
    public void The_step_table_lists_each_syscalls_survey_and_steps()
    {
        var f = Data.Functions[0];
        var steps = new[] { new StepVerdict("open", f, 1, "EACCES", 1, true, [], "error path ok", TestState.Pass, Culprit.None, "", true, null) };
        var md = ExplorationRun.Table(steps, new Dictionary<string, Explorer.Survey> { ["open"] = new(new Dictionary<string, long> { ["security_file_open"] = 1 }, null) });
        Assert.That(md, Does.Contain("survey (calls of each listed function, nothing failed): security_file_open x1")
            .And.Contain("| security_file_open | -EACCES | 1 | EACCES | 1 | yes | none | error path ok |"));
    }
}

using NUnit.Framework;
using ProbeHarness.Benchmarks;
using ProbeHarness.Suites;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Benchmarks;

public class HarnessFaultsTests
{
    private static TestResult R(string test, TestState s, Culprit c) =>
        new("harness-faults", test, new Cell("x86_64", "k", "kprobe_events"), s, c, null, TimeSpan.Zero, "");

    private static HarnessFault F(string name) => HarnessFaults.Get(name);

    [Test]
    public void Every_fault_hits_a_test_of_the_suite_that_passes_alone_after_before()
    {
        var suite = SuiteLoader.Load(FaultBenchmark.Suite);
        Assert.That(suite.Tests.Select(t => t.Name), Does.Contain(FaultBenchmark.Before));
        foreach (var f in HarnessFaults.All)
        {
            var t = suite.Tests.SingleOrDefault(t => t.Name == f.Test);
            Assert.That(t, Is.Not.Null, $"{f.Name}: no test {f.Test} in suites/harness-faults");
            Assert.That(t!.Expect.Output ?? t.Expect.OutputMatches, Is.Not.Null, $"{f.Test}: must expect its output, so an untouched run passes");
        }
        Assert.That(HarnessFaults.All.Select(f => f.Name), Is.Unique);
        Assert.That(HarnessFaults.All.All(f => f.Why.Length > 20), "every expectation says why");
    }

    [Test]
    public void The_options_run_before_and_the_faults_test_only_with_kprobe_events()
    {
        var o = new FaultBenchmark(ProbeHarness.Caching.HarnessCache.Default(), "x86_64", "bookworm", Path.GetTempPath(), _ => { }).Options(F("qemu-killed"));
        var suite = SuiteLoader.Load(o.Suite);
        var picked = suite.Tests.Where(t => System.Text.RegularExpressions.Regex.IsMatch(t.Name, o.Only!)).Select(t => t.Name);
        Assert.That(picked, Is.EqualTo(new[] { "before", "victim-sleeps" }));
        Assert.That(o.Engines, Is.EqualTo(new[] { "kprobe_events" }));
    }

    [Test]
    public void A_killed_qemu_is_right_only_as_unresolved_infrastructure()
    {
        var f = F("qemu-killed");
        Assert.That(new FaultTrial(f, R(f.Test, TestState.Unresolved, Culprit.Infrastructure), 0, 0).VerdictRight, Is.True);
        Assert.That(new FaultTrial(f, R(f.Test, TestState.Unresolved, Culprit.Infrastructure), 0, 0).CulpritRight, Is.True);
        var asKernel = new FaultTrial(f, R(f.Test, TestState.Fail, Culprit.Kernel), 0, 0);
        Assert.That(asKernel.VerdictRight, Is.False);
        Assert.That(asKernel.CulpritRight, Is.False);
        Assert.That(new FaultTrial(f, null, 0, 0).VerdictRight, Is.False, "a missing result is not a verdict");
    }

    [Test]
    public void A_killed_harness_is_right_when_the_test_has_no_result_and_nothing_else_went_wrong()
    {
        var f = F("harness-killed");
        Assert.That(new FaultTrial(f, null, 0, 0).VerdictRight, Is.True);
        Assert.That(new FaultTrial(f, null, 0, 0).CulpritRight, Is.True);
        Assert.That(new FaultTrial(f, null, 0, 0, Wrong: "report exit 0").VerdictRight, Is.False);
        Assert.That(new FaultTrial(f, R(f.Test, TestState.Pass, Culprit.None), 0, 0).VerdictRight, Is.False);
    }

    [Test]
    public void The_table_counts_trials_rights_leaks_and_losses_per_fault()
    {
        var q = F("qemu-killed");
        var a = F("agent-killed");
        var trials = new[]
        {
            new FaultTrial(q, R(q.Test, TestState.Unresolved, Culprit.Infrastructure), 0, 0),
            new FaultTrial(q, R(q.Test, TestState.Fail, Culprit.Kernel), 1, 0),
            new FaultTrial(q, R(q.Test, TestState.Unresolved, Culprit.Kernel), 0, 2),
            new FaultTrial(a, R(a.Test, TestState.Pass, Culprit.None), 0, 0),
        };
        var rows = FaultRow.Of(trials);
        Assert.That(rows, Is.EqualTo(new[]
        {
            new FaultRow("qemu-killed", 3, 2, 1, 1, 2),
            new FaultRow("agent-killed", 1, 1, 1, 0, 0),
        }));
        Assert.That(rows[0].Clean, Is.False);
        Assert.That(rows[1].Clean, Is.True);
    }

    [Test]
    public void An_unknown_fault_is_named_with_the_known_ones() =>
        Assert.That(() => HarnessFaults.Get("nope"), Throws.TypeOf<ProbeHarness.Inputs.InputException>()
            .With.Message.Contains("nope").And.Message.Contains("qemu-killed"));
}

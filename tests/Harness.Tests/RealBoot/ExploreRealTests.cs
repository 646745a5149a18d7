using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Exploring;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// Error-path exploration for real, kept short: open(2) on the newest bookworm x86_64 kernel, with
/// security_file_open (called once by open) and kmem_cache_alloc (several times: the file name, the
/// struct file) failed call by call, two steps each at most, every step in a restored guest.
/// The same loop with a fake guest: Exploring/ExplorerTests.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class ExploreRealTests
{
    private ExploreReport _report = null!;
    private string _db = "";

    [OneTimeSetUp]
    public async Task ExploreOpen()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-explore-{Guid.NewGuid():N}");
        _db = Path.Combine(root, "history.sqlite");
        var run = new RunOptions { Suite = ExplorationRun.Kind, Kernel = "bookworm", OutDirectory = root, Database = _db };
        var options = new ExploreOptions(["open"], ["security_file_open", "kmem_cache_alloc"], 2, run);
        _report = await new ExplorationRun(options, HarnessCache.Default(), new Progress()).ExecuteAsync(CancellationToken.None);
        TestContext.Progress.WriteLine(ExplorationRun.Table(_report.Steps, _report.Surveys));
    }

    [Test]
    public void The_survey_sees_open_reach_both_functions()
    {
        var survey = _report.Surveys["open"];
        Assert.That(survey.Problem, Is.Null);
        Assert.That(survey.Calls["security_file_open"], Is.EqualTo(1));
        Assert.That(survey.Calls["kmem_cache_alloc"], Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void The_hook_fails_open_with_EACCES_once_then_has_no_second_call()
    {
        var steps = _report.Steps.Where(s => s.Function.Name == "security_file_open").ToList();
        Assert.That(steps.Select(s => (s.Nth, s.Errno, s.Injected, s.Survived, s.Verdict)), Is.EqualTo(new[]
        {
            (1, "EACCES", (long?)1, (bool?)true, "error path ok"),
            (2, "ok", (long?)0, (bool?)true, "no more calls"),
        }));
    }

    [Test]
    public void A_failed_allocation_fails_open_with_an_error_and_the_kernel_lives()
    {
        var first = _report.Steps.First(s => s.Function.Name == "kmem_cache_alloc");
        Assert.That((first.Nth, first.Injected, first.Survived, first.Leaks.Count), Is.EqualTo((1, (long?)1, (bool?)true, 0)), first.Raw);
        Assert.That(first.Errno, Is.Not.EqualTo("ok").And.Not.EqualTo("-"), first.Raw);
    }

    [Test]
    public void Every_step_is_in_the_history_and_restored_guests_served()
    {
        using var store = ResultStores.Open(_db);
        var run = store.Runs().Single();
        Assert.That(run.Suite, Is.EqualTo("explore"));
        Assert.That(_report.Run.Results.Select(r => r.Test), Is.EquivalentTo(_report.Steps.Select(s => s.Name)));
        Assert.That(_report.Findings, Is.Empty, string.Join("\n", _report.Findings.Select(f => f.Summary)));
        Assert.That(_report.Guests!.Restores, Has.Count.GreaterThanOrEqualTo(_report.Steps.Count), _report.Guests.ToString());
    }

    private sealed class Progress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

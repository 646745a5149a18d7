using System.Xml.Linq;
using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The main job, for real: the smoke suite on the newest bookworm kernel under QEMU, with both
/// engines. One run serves every assertion below.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class SmokeRunTests
{
    private RunReport _report = null!;
    private string _db = null!;

    [OneTimeSetUp]
    public async Task RunTheSmokeSuite()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-smoke-{Guid.NewGuid():N}");
        _db = Path.Combine(root, "history.sqlite");
        var options = new RunOptions { OutDirectory = root, Database = _db };
        _report = await new HarnessRun(options, HarnessCache.Default(), new TestProgress()).ExecuteAsync(CancellationToken.None);
        foreach (var r in _report.Results)
            TestContext.Progress.WriteLine($"{r.State.DejaGnuWord()}: {r.FullName} {r.Reason}");
    }

    private TestResult Result(string test) => _report.Results.Single(r => r.Test == test);

    [Test]
    public void SystemTap_module_counts_every_getpid_entry_and_return_exactly()
    {
        var r = Result("stap-getpid-kprobe-pair");
        Assert.That(r.State, Is.EqualTo(TestState.Pass), r.Reason + "\n" + r.Output);
        Assert.That(r.Output, Does.StartWith("entries=1000 returns=1000"));
        Assert.That(r.Cell.Engine, Does.StartWith("systemtap-"));
    }

    [Test]
    public void SystemTap_timer_and_aggregate_output_is_exact() =>
        Assert.That(Result("stap-timer-aggregate").State, Is.EqualTo(TestState.Pass), Result("stap-timer-aggregate").Reason);

    [Test]
    public void Kprobe_events_count_every_getpid_entry_and_return_exactly()
    {
        var r = Result("kprobe-events-getpid-pair");
        Assert.That(r.State, Is.EqualTo(TestState.Pass), r.Reason + "\n" + r.Output);
        Assert.That(r.Output, Does.StartWith("getpid_entry 1000\ngetpid_return 1000"));
    }

    [Test]
    public void Expected_and_known_failures_say_why()
    {
        var x = Result("stap-return-value-without-debuginfo");
        Assert.That((x.State, x.Culprit), Is.EqualTo((TestState.XFail, Culprit.ProbeEngine)));
        Assert.That(x.Reason, Does.Contain("pass 2"));
        var k = Result("stap-stock-runtime-builds");
        Assert.That(k.State, Is.EqualTo(TestState.KFail), k.Reason);
        Assert.That(k.Reason, Does.Contain("task_work_cancel").And.Contains("pass 4"));
    }

    [Test]
    public void The_deliberate_crash_is_an_expected_kernel_crash_with_title_and_excerpt()
    {
        var r = Result("sysrq-crash");
        Assert.That((r.State, r.Culprit), Is.EqualTo((TestState.XFail, Culprit.Kernel)), r.Reason);
        Assert.That(r.Crash!.Title, Is.EqualTo("kernel panic: sysrq triggered crash"));
        Assert.That(r.Crash.Excerpt, Does.Contain("Kernel panic - not syncing: sysrq triggered crash"));
        Assert.That(File.ReadAllText(r.ConsoleLog!), Does.Contain("sysrq triggered crash"));
    }

    [Test]
    public void The_gate_passes_and_every_file_is_written()
    {
        Assert.That(_report.ExitCode, Is.EqualTo(Gate.Passed));
        var dir = _report.Info.RunDirectory;
        var sum = File.ReadAllLines(Path.Combine(dir, "smoke.sum"));
        foreach (var r in _report.Results)
            Assert.That(sum.Count(l => l.StartsWith($"{r.State.DejaGnuWord()}: {r.FullName}")), Is.EqualTo(1), r.FullName);
        Assert.That(sum, Has.Some.StartWith("# of expected passes"));
        Assert.That(File.ReadAllText(Path.Combine(dir, "smoke.log")), Does.Contain("sysrq triggered crash"));
        Assert.That(XDocument.Load(Path.Combine(dir, "junit.xml")).Descendants("testcase").Count(), Is.GreaterThanOrEqualTo(_report.Results.Count));
        Assert.That(File.ReadAllText(Path.Combine(dir, "summary.md")), Does.Contain("kernel panic: sysrq triggered crash"));
    }

    [Test]
    public void Every_result_is_in_the_history_database()
    {
        using var store = new SqliteResultStore(_db);
        Assert.That(store.Results(_report.Info.Id).Select(r => (r.Test, r.State)),
            Is.EquivalentTo(_report.Results.Select(r => (r.Test, r.State))));
    }

    private sealed class TestProgress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

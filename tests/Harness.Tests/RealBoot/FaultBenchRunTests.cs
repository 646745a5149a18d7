using NUnit.Framework;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// One trial of <c>bench faults</c> for real: QEMU killed with SIGKILL while the test's workload runs,
/// in a run of suites/harness-faults through the harness's main path (x86_64, bookworm, kprobe_events).
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class FaultBenchRunTests
{
    [Test]
    public async Task A_qemu_killed_mid_test_is_unresolved_infrastructure_with_nothing_leaked_or_lost()
    {
        var work = Path.Combine(Path.GetTempPath(), $"ph-bench-faults-{Guid.NewGuid():N}");
        var bench = new FaultBenchmark(HarnessCache.Default(), "x86_64", "bookworm", work, l => TestContext.Progress.WriteLine(l));
        var trial = await bench.TrialAsync(HarnessFaults.Get("qemu-killed"), CancellationToken.None);
        TestContext.Progress.WriteLine(trial.Note);
        Assert.That(trial.Wrong, Is.Null, "the fault was injected while the test ran");
        Assert.That(trial.Got?.State, Is.EqualTo(Verdicts.TestState.Unresolved), trial.Note);
        Assert.That(trial.Got?.Culprit, Is.EqualTo(Verdicts.Culprit.Infrastructure), trial.Note);
        Assert.That(trial.Leaked, Is.Zero);
        Assert.That(trial.Lost, Is.Zero);
        Assert.That(trial.Note, Does.Not.Contain("; 0 QEMU(s) of the harness seen at the fault"), "the leak check saw the QEMU it then checks for");
    }
}

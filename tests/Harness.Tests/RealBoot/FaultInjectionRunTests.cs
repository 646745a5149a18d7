using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Engines.Phinject;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// Error injection for real: suites/fault-injection with the harness's own engine on the newest
/// bookworm x86_64 kernel. phinject.ko is built for that kernel on the host and loaded only in
/// the guest; a static program in the guest prints the errno it got, with and without injection.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class FaultInjectionRunTests
{
    private RunReport _report = null!;

    [OneTimeSetUp]
    public async Task RunTheFaultInjectionSuite()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-faults-{Guid.NewGuid():N}");
        var options = new RunOptions
        {
            Suite = "fault-injection", Engines = [PhinjectEngine.EngineName], OutDirectory = root,
            Database = Path.Combine(root, "history.sqlite"),
        };
        _report = await new HarnessRun(options, HarnessCache.Default(), new Progress()).ExecuteAsync(CancellationToken.None);
        foreach (var r in _report.Results)
            TestContext.Progress.WriteLine($"{r.State.DejaGnuWord()}: {r.FullName} {r.Reason}\n{r.Output}");
    }

    private TestResult Result(string test) => _report.Results.Single(r => r.Test == test);

    [Test]
    public void Open_fails_with_EACCES_only_when_injected_and_the_retry_and_the_kernel_are_fine()
    {
        var control = Result("control-open");
        Assert.That(control.State, Is.EqualTo(TestState.Pass), control.Reason + "\n" + control.Output);
        Assert.That(control.Output, Does.StartWith("open: ok\nagain: ok\nfds: same\ncalls=1 injected=0\nkernel: survived"));
        var injected = Result("inject-open");
        Assert.That(injected.State, Is.EqualTo(TestState.Pass), injected.Reason + "\n" + injected.Output);
        Assert.That(injected.Output, Does.StartWith("open: EACCES\nagain: ok\nfds: same\ncalls=1 injected=1\nkernel: survived"));
    }

    [Test]
    public void Every_injection_and_its_control_pass_on_x86_64()
    {
        var failed = _report.Results.Where(r => r.State != TestState.Pass).Select(r => $"{r.Test}: {r.State} {r.Reason}\n{r.Output}").ToList();
        Assert.That(failed, Is.Empty);
        Assert.That(_report.Results.Count(r => r.Test.StartsWith("inject-", StringComparison.Ordinal)), Is.EqualTo(7));
    }

    private sealed class Progress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

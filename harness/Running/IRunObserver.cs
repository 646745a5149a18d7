using ProbeHarness.Machines;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// Lifecycle hooks of a run. Progress display, tracing and coverage attach here rather than
/// through flags in the run itself. Every method has a do-nothing default.
/// </summary>
public interface IRunObserver
{
    void Phase(string cell, string what) { }
    void BeforeBoot(MachineConfig config) { }
    void AfterBoot(QemuMachine machine) { }
    void BeforeSuite(string cell, int tests) { }
    void TestFinished(TestResult result) { }
    void AfterSuite(string cell) { }
    void AfterShutdown(QemuMachine machine) { }
}

/// <summary>Several observers as one.</summary>
public sealed class CompositeObserver(IReadOnlyList<IRunObserver> observers) : IRunObserver
{
    public void Phase(string cell, string what) { foreach (var o in observers) o.Phase(cell, what); }
    public void BeforeBoot(MachineConfig config) { foreach (var o in observers) o.BeforeBoot(config); }
    public void AfterBoot(QemuMachine machine) { foreach (var o in observers) o.AfterBoot(machine); }
    public void BeforeSuite(string cell, int tests) { foreach (var o in observers) o.BeforeSuite(cell, tests); }
    public void TestFinished(TestResult result) { foreach (var o in observers) o.TestFinished(result); }
    public void AfterSuite(string cell) { foreach (var o in observers) o.AfterSuite(cell); }
    public void AfterShutdown(QemuMachine machine) { foreach (var o in observers) o.AfterShutdown(machine); }
}

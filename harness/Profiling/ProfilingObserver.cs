using ProbeHarness.Running;

namespace ProbeHarness.Profiling;

/// <summary>Turns a run's suite boundaries into cell events, so phases below are counted per cell.</summary>
public sealed class ProfilingObserver : IRunObserver
{
    public void BeforeSuite(string cell, int tests) => Phases.EnterCell(cell);
    public void AfterSuite(string cell) => Phases.LeaveCell(cell);
}

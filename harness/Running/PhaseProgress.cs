namespace ProbeHarness.Running;

/// <summary>A stage's progress (downloads, unpacking) shown as the phase of a cell, reported as it happens.</summary>
public sealed class PhaseProgress(IRunObserver observer, string cell) : IProgress<string>
{
    public void Report(string value) => observer.Phase(cell, value);
}

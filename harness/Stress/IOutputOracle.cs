namespace ProbeHarness.Stress;

/// <summary>
/// An exact check of a run's counts that a fixed expected output cannot state (they depend on the
/// engine's way of reporting them): null when the run is right, else what is wrong.
/// </summary>
public interface IOutputOracle
{
    string? Violation(string output, string diagnostics);
}

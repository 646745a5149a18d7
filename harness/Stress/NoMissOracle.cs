namespace ProbeHarness.Stress;

/// <summary>
/// A kretprobe that must miss nothing: calls one after another with maxactive 1 find the one
/// instance free every time, so a miss means an instance was never given back (leaked).
/// </summary>
public sealed record NoMissOracle(string Probe, string Function) : IOutputOracle
{
    public string? Violation(string output, string diagnostics)
    {
        var c = KretprobeCounts.Read(Probe, Function, output, diagnostics);
        if (c.Misses is null) return $"kretprobe {Probe}: the engine reported no miss count";
        return c.Misses == 0 ? null : $"kretprobe {Probe} on {Function}: {c.Misses} misses, expected none (an instance was not given back)";
    }
}

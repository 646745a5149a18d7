namespace ProbeHarness.Profiling;

/// <summary>One phase as recorded: what, for which cell, from when to when (ms since the trace began).</summary>
public sealed record PhaseSpan(string Phase, string Cell, string Detail, double StartMs, double EndMs)
{
    public double Ms => EndMs - StartMs;
}

/// <summary>A CPU sample of the harness: its own user+system time and its waited-for children's, in ms.</summary>
public sealed record CpuPoint(string At, double TimeMs, double SelfMs, double ChildrenMs);

/// <summary>Everything <c>profile</c> prints, read from one .nettrace.</summary>
public sealed record RunProfile(
    IReadOnlyList<PhaseSpan> Phases,
    IReadOnlyDictionary<string, (double StartMs, double EndMs)> Cells,
    IReadOnlyList<CpuPoint> Cpu,
    IReadOnlyDictionary<string, double> ChildCpuMs)
{
    /// <summary>Wall time from the first CPU sample (the recorder's start) to the last.</summary>
    public double WallMs => Cpu.Count < 2 ? 0 : Cpu[^1].TimeMs - Cpu[0].TimeMs;

    public double SelfCpuMs => Cpu.Count < 2 ? 0 : Cpu[^1].SelfMs - Cpu[0].SelfMs;

    public double ChildrenCpuMs => Cpu.Count < 2 ? 0 : Cpu[^1].ChildrenMs - Cpu[0].ChildrenMs;

    /// <summary>
    /// Wall time covered by at least one span of the phase: parallel builds overlap, so the plain
    /// sum would count the same second twice.
    /// </summary>
    public double CoveredMs(IEnumerable<PhaseSpan> spans)
    {
        double total = 0, end = double.MinValue;
        foreach (var s in spans.OrderBy(s => s.StartMs))
        {
            if (s.EndMs <= end) continue;
            total += s.EndMs - Math.Max(s.StartMs, end);
            end = s.EndMs;
        }
        return total;
    }
}

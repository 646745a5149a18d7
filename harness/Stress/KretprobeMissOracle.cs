namespace ProbeHarness.Stress;

/// <summary>
/// The exact accounting of a kretprobe with maxactive M while N tasks are blocked in its function
/// at once: M instances are taken and return through the handler, every other entry is a miss.
/// So calls = N, returns = min(M, N), misses = N - min(M, N), and calls = returns + misses.
/// </summary>
/// <param name="Probe">The probe's name as the engine reports it.</param>
/// <param name="Function">The probed function, whose calls the module counts.</param>
/// <param name="Tasks">N: tasks blocked in the function together.</param>
/// <param name="MaxActive">M: the probe's maxactive.</param>
public sealed record KretprobeMissOracle(string Probe, string Function, int Tasks, int MaxActive) : IOutputOracle
{
    public long ExpectedReturns => Math.Min(MaxActive, Tasks);

    public long ExpectedMisses => Tasks - ExpectedReturns;

    public string? Violation(string output, string diagnostics)
    {
        var c = KretprobeCounts.Read(Probe, Function, output, diagnostics);
        var what = $"kretprobe {Probe} (maxactive {MaxActive}, {Tasks} tasks in {Function})";
        if (c.Entries is null) return $"{what}: no 'MODULE {Function} …' counter in the output";
        if (c.Returns is null || c.Misses is null) return $"{what}: the engine reported no hit/miss counts";
        var wrong = new List<string>();
        if (c.Entries != Tasks) wrong.Add($"{c.Entries} calls, expected {Tasks}");
        if (c.Returns != ExpectedReturns) wrong.Add($"{c.Returns} returns seen, expected {ExpectedReturns}");
        if (c.Misses != ExpectedMisses) wrong.Add($"{c.Misses} misses, expected {ExpectedMisses}");
        if (c.Entries != c.Returns + c.Misses) wrong.Add($"calls {c.Entries} != returns {c.Returns} + misses {c.Misses}");
        return wrong.Count == 0 ? null : $"{what}: {string.Join("; ", wrong)}";
    }

    public override string ToString() => $"{Probe}: returns {ExpectedReturns}, misses {ExpectedMisses} of {Tasks} calls";
}

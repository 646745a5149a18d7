using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// A test that changed state in 3 or more of its last 10 runs is flaky: its change this time is
/// reported as flaky, not as a regression or a fix, so a coin-flip test does not fail the night.
/// </summary>
public static class FlakyRule
{
    public const int Window = 10;
    public const int Flips = 3;

    /// <summary>State changes between consecutive runs among the last <see cref="Window"/> states (oldest first).</summary>
    public static int CountFlips(IReadOnlyList<TestState> statesOldestFirst)
    {
        var last = statesOldestFirst.Skip(Math.Max(0, statesOldestFirst.Count - Window)).ToList();
        var flips = 0;
        for (var i = 1; i < last.Count; i++)
            if (last[i] != last[i - 1]) flips++;
        return flips;
    }

    public static bool IsFlaky(IReadOnlyList<TestState> statesOldestFirst) => CountFlips(statesOldestFirst) >= Flips;
}

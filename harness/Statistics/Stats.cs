namespace ProbeHarness.Statistics;

/// <summary>Summary figures of measured samples.</summary>
public static class Stats
{
    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToArray();
        if (s.Length == 0) throw new ArgumentException("no samples");
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>The median of some times, in seconds.</summary>
    public static double Median(IEnumerable<TimeSpan> ts) => Median(ts.Select(t => t.TotalSeconds));
}

namespace ProbeHarness.Processes;

/// <summary>
/// Default time limits stretched by how busy the host is. A limit that only catches a hang (a
/// silent console, a stap build that never ends) is set for a quiet machine; on a host whose run
/// queue is N times its cores everything takes about N times as long, and the same limit would
/// call a slow but healthy guest or build hung. Limits a user or test gave are never stretched.
/// </summary>
public static class HostLoad
{
    /// <summary>The most a limit is stretched: a real hang is still caught.</summary>
    public const double MaxFactor = 8;

    /// <summary>The 1-minute load average over the cores, at least 1 and at most <see cref="MaxFactor"/>.</summary>
    public static double Factor() => FactorOf(ReadLoadAverage(), Environment.ProcessorCount);

    public static double FactorOf(double? loadAverage, int cores) =>
        loadAverage is not { } load || cores <= 0 ? 1 : Math.Clamp(load / cores, 1, MaxFactor);

    /// <summary>The limit for a quiet host, stretched by the host's load now.</summary>
    public static TimeSpan Stretch(TimeSpan quiet) => quiet * Factor();

    private static double? ReadLoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

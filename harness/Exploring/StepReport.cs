using System.Globalization;
using System.Text.RegularExpressions;

namespace ProbeHarness.Exploring;

/// <summary>
/// What one step printed, read back: phfault's lines (the armed call's errno, the retry, the fd
/// table), the module's counts, the kernel's taint, and the unreclaimable slab before and after.
/// A line that is missing leaves its field null.
/// </summary>
public sealed partial record StepReport(string? Errno, string? Again, string? Fds, long? Calls, long? Injected, string? Kernel,
    long? SlabBeforeKb, long? SlabAfterKb, bool DisarmFailed)
{
    [GeneratedRegex(@"^calls=(\d+) injected=(\d+)$")]
    private static partial Regex Counts();

    [GeneratedRegex(@"^slab: (\d+) (\d+)$")]
    private static partial Regex Slab();

    public static StepReport Parse(string syscall, string stdout, string stderr)
    {
        string? errno = null, again = null, fds = null, kernel = null;
        long? calls = null, injected = null, before = null, after = null;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(syscall + ": ", StringComparison.Ordinal)) errno = line[(syscall.Length + 2)..];
            else if (line.StartsWith("again: ", StringComparison.Ordinal)) again = line[7..];
            else if (line.StartsWith("fds: ", StringComparison.Ordinal)) fds = line[5..];
            else if (line.StartsWith("kernel: ", StringComparison.Ordinal)) kernel = line[8..];
            else if (Counts().Match(line) is { Success: true } c)
                (calls, injected) = (long.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(c.Groups[2].Value, CultureInfo.InvariantCulture));
            else if (Slab().Match(line) is { Success: true } s)
                (before, after) = (long.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(s.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        // phfault's own arming writes are inside the armed window: failing one of their calls stops it (exit 3).
        return new StepReport(errno, again, fds, calls, injected, kernel, before, after, stderr.Contains("phfault: cannot write"));
    }

    /// <summary>Growth of unreclaimable slab over the step, in kB; null when not measured.</summary>
    public long? SlabGrowthKb => SlabBeforeKb is { } b && SlabAfterKb is { } a ? a - b : null;
}

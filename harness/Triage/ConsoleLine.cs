using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>One console line with the kernel's printk decorations removed.</summary>
public static partial class ConsoleLine
{
    // "<4>[   12.345678][    T1] " in any combination: the log level (when the console shows it),
    // the timestamp and the caller id (CONFIG_PRINTK_CALLER). Patterns match what follows.
    [GeneratedRegex(@"^(?:<\d+>)?(?:\[ *\d+\.\d+\])?(?:\[ *[CT]\d+\])? ?")]
    private static partial Regex Prefix();

    public static string Strip(string raw)
    {
        var line = raw.EndsWith('\r') ? raw[..^1] : raw;
        if (line.Length == 0 || (line[0] != '[' && line[0] != '<')) return line;
        var m = Prefix().Match(line);
        return m.Length == 0 ? line : line[m.Length..];
    }
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>Makes free text from a header (a panic message, a BUG reason) stable across runs.</summary>
public static partial class TitleText
{
    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b|\b[0-9a-f]{8,16}\b")]
    private static partial Regex Address();

    [GeneratedRegex(@"CPU#?\d+")]
    private static partial Regex Cpu();

    // "[insmod:83]", "insmod/83/0x00000002", "pid 83", "PID: 83"
    [GeneratedRegex(@"\s*\[[^\]\s]+:\d+\]|/\d+(?:/ADDR)?\b|\b(?:pid|PID):? \d+")]
    private static partial Regex Task();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    public static string Clean(string text)
    {
        var s = Address().Replace(text, "ADDR");
        s = Cpu().Replace(s, "CPU");
        s = Task().Replace(s, "");
        s = Spaces().Replace(s, " ").Trim();
        return s.TrimEnd('.', ' ', '!', ':').Trim();
    }
}

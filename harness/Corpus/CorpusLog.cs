using System.Text;
using ProbeHarness.Text;

namespace ProbeHarness.Corpus;

/// <summary>
/// Turns a guest's console.log into a corpus file: the header of expectations, a blank line, then
/// the console from the kernel's first line on (firmware output and its escape sequences are not
/// console text triage reads).
/// </summary>
public static class CorpusLog
{
    public static string Clean(string console)
    {
        var text = UntrustedText.WithoutEscapes(console).Replace("\r\n", "\n").Replace("\r", "");
        var linux = text.IndexOf("Linux version", StringComparison.Ordinal);
        if (linux < 0) return text;
        var lineStart = text.LastIndexOf('\n', linux) + 1;
        return text[lineStart..];
    }

    /// <summary>The console cut three lines after "Call Trace:", as when QEMU dies mid-report.</summary>
    public static string Truncate(string cleanConsole)
    {
        var lines = cleanConsole.Split('\n');
        var trace = Array.FindIndex(lines, l => l.Contains("Call Trace:", StringComparison.Ordinal));
        if (trace < 0) throw new InvalidOperationException("the console has no call trace to cut");
        return string.Join('\n', lines.Take(trace + 4)) + "\n";
    }

    public static string Format(CorpusExpectation e, string? probe, string cleanConsole)
    {
        var s = new StringBuilder();
        s.Append("TITLE: ").Append(e.Title).Append('\n');
        s.Append("TYPE: ").Append(e.Type).Append('\n');
        s.Append("CULPRIT: ").Append(e.Culprit).Append('\n');
        s.Append("CORRUPTED: ").Append(e.Corrupted ? "yes" : "no").Append('\n');
        if (probe is not null) s.Append("PROBE: ").Append(probe).Append('\n');
        s.Append('\n').Append(cleanConsole);
        return s.ToString();
    }
}

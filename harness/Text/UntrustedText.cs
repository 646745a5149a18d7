using System.Text;
using System.Text.RegularExpressions;

namespace ProbeHarness.Text;

/// <summary>
/// Cleaning for text that came from a guest (console output, crash excerpts, reasons quoting them).
/// A kernel can print anything: ANSI escapes, NULs, lone surrogates, bytes no XML parser accepts.
/// The one place that strips them, for the exporters, the terminal and the corpus alike.
/// </summary>
public static partial class UntrustedText
{
    // CSI (ESC [ ... final); OSC, DCS, SOS, PM and APC strings (ESC ] P X ^ _ ... BEL or ST);
    // nF sequences (ESC ( B: character sets); and two-byte ESC sequences (ESC c resets, ESC 7 saves).
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B[\]PX^_][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[ -/]+[0-~]|\x1B[0-~]")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>
    /// Removes ANSI sequences and every character XML 1.0 cannot carry or a terminal would act on:
    /// C0 controls except tab and newline, DEL, C1 controls, unpaired surrogates, U+FFFE/U+FFFF.
    /// CR LF and lone CR become LF so line counting works.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var s = Ansi().Replace(text.Replace("\r\n", "\n").Replace('\r', '\n'), "");
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) continue;
            if (c is '\t' or '\n') { sb.Append(c); continue; }
            if (c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is '\uFFFE' or '\uFFFF') continue;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Only the escape sequences removed, every other character kept (a console log keeps its CRs and controls).</summary>
    public static string WithoutEscapes(string text) => Ansi().Replace(text, "");

    /// <summary>Clean, on one line with runs of whitespace collapsed, cut at <paramref name="max"/> chars.</summary>
    public static string OneLine(string? text, int max = 200)
    {
        var s = Whitespace().Replace(Clean(text), " ").Trim();
        return s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
    }
}

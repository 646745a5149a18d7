using System.Text;
using System.Text.RegularExpressions;

namespace ProbeHarness.Exporters;

/// <summary>
/// Cleaning for text that came from a guest (console output, crash excerpts, reasons quoting them).
/// A kernel can print anything: ANSI escapes, NULs, lone surrogates, bytes no XML parser accepts.
/// </summary>
public static partial class UntrustedText
{
    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and two-byte ESC sequences.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[@-Z\\-_]")]
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

    /// <summary>Clean, on one line with runs of whitespace collapsed, cut at <paramref name="max"/> chars.</summary>
    public static string OneLine(string? text, int max = 200)
    {
        var s = Whitespace().Replace(Clean(text), " ").Trim();
        return s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
    }
}

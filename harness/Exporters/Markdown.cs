using System.Text;
using System.Text.RegularExpressions;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>
/// Making guest text inert in Markdown: table cells get every character Markdown or HTML could act
/// on escaped; multi-line text goes in a fence longer than any backtick run inside it.
/// </summary>
public static partial class Markdown
{
    [GeneratedRegex("`+")]
    private static partial Regex Backticks();

    /// <summary>One table cell: one line, pipes and inline markup escaped, HTML neutralised.</summary>
    public static string Cell(string? text, int max = 200)
    {
        var s = UntrustedText.OneLine(text, max);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!':
                    sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A fenced code block that the text inside cannot close early.</summary>
    public static IEnumerable<string> Fenced(string? text)
    {
        var body = UntrustedText.Clean(text).TrimEnd('\n');
        var longest = Backticks().Matches(body).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longest + 1));
        yield return fence + "text";
        foreach (var line in body.Split('\n')) yield return line;
        yield return fence;
    }
}

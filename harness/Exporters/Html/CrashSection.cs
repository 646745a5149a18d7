using System.Text;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>Crashes deduplicated by title, most frequent first, each with the console excerpt exactly as printed (as text).</summary>
public static class CrashSection
{
    public static void Write(StringBuilder b, IReadOnlyList<Verdicts.TestResult> results)
    {
        b.Append("<h2 id=\"crashes\">Crashes</h2>\n");
        var groups = CrashGroups.Group(results);
        if (groups.Count == 0) { b.Append("<p class=\"none\">No crash on any console.</p>\n"); return; }
        b.Append("<table id=\"crash-table\"><tr><th>#</th><th>Title</th><th>Kind</th><th>Culprit</th><th>Hits</th><th>Tests</th></tr>\n");
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var tests = string.Join(", ", g.Results.Select(r => r.FullName).Distinct().Take(6)) + (g.Count > 6 ? ", …" : "");
            b.Append($"<tr><td class=\"num\"><a href=\"#crash-{i + 1}\">{i + 1}</a></td><td>{E(g.Title)}</td><td>{E(g.Crash.Kind)}</td>")
             .Append($"<td>{E(string.Join(", ", g.Culprits))}</td><td class=\"num\">{g.Count}</td><td>{E(tests)}</td></tr>\n");
        }
        b.Append("</table>\n");
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            b.Append($"<h3 id=\"crash-{i + 1}\">{i + 1}. {E(g.Title)}</h3>\n");
            b.Append($"<p class=\"meta\">first in {E(g.First.FullName)}{(g.Crash.Corrupted ? "; report corrupted (truncated or interleaved)" : "")}")
             .Append(g.Crash.Probe is { } p ? $"; probe blamed: {E(p)}" : "").Append("</p>\n");
            b.Append($"<pre class=\"excerpt\">{E(g.Crash.Excerpt)}</pre>\n");
        }
    }
}

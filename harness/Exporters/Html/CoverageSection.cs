using System.Text;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>Coverage before and after, where a comparison measured it; drops first.</summary>
public static class CoverageSection
{
    public static void Write(StringBuilder b, ComparisonSummary? comparison)
    {
        b.Append("<h2 id=\"coverage\">Coverage deltas</h2>\n");
        if (comparison?.Coverage is not { Count: > 0 } deltas)
        {
            b.Append("<p class=\"none\">No coverage was measured for this run (a comparison with coverage figures fills this section).</p>\n");
            return;
        }
        b.Append("<table><tr><th>Cell</th><th>Area</th><th>Before</th><th>After</th><th>Delta</th><th>Unit</th></tr>\n");
        foreach (var d in deltas.OrderBy(d => d.After - d.Before))
        {
            var delta = d.After - d.Before;
            var css = delta < 0 ? "sev-high" : delta > 0 ? "st-pass" : "";
            b.Append($"<tr><td>{E(d.Cell)}</td><td>{E(d.Area)}</td><td class=\"num\">{N(d.Before)}</td><td class=\"num\">{N(d.After)}</td>")
             .Append($"<td class=\"num {css}\">{(delta > 0 ? "+" : "")}{N(delta)}</td><td>{E(d.Unit)}</td></tr>\n");
        }
        b.Append("</table>\n");
    }
}

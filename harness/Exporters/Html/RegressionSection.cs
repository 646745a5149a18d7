using ProbeHarness.Text;
using System.Text;
using ProbeHarness.Verdicts;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// First on the page: what got worse. With a comparison, its findings, worst first; without one,
/// what the suite did not expect (FAIL, XPASS, KPASS) and what could not be judged.
/// </summary>
public static class RegressionSection
{
    public static void Write(StringBuilder b, RunReport run, ComparisonSummary? comparison)
    {
        if (comparison is not null)
        {
            b.Append($"<h2 id=\"regressions\">Regressions against {E(comparison.BaseRun)}</h2>\n");
            var findings = comparison.Findings.OrderBy(f => f.Severity).ToList();
            if (findings.Count == 0) { b.Append("<p class=\"none\">No differences that matter.</p>\n"); return; }
            b.Append("<table><tr><th>Severity</th><th>Kind</th><th>Test</th><th>Cell</th><th>Before</th><th>After</th><th>Detail</th></tr>\n");
            foreach (var f in findings)
                b.Append($"<tr><td class=\"sev-{f.Severity.ToString().ToLowerInvariant()}\">{E(f.Severity.ToString())}</td><td>{E(f.Kind)}</td><td>{E(f.Test)}</td>")
                 .Append($"<td>{E(f.Cell)}</td><td>{E(f.Before)}</td><td>{E(f.After)}</td><td>{E(f.Detail)}</td></tr>\n");
            b.Append("</table>\n");
            return;
        }
        b.Append("<h2 id=\"regressions\">Unexpected and unjudged results</h2>\n");
        var bad = run.Results.Where(r => r.State.IsUnexpected() || r.State.IsUnjudged())
            .OrderByDescending(r => StateStyle.Badness(r.State)).ToList();
        if (bad.Count == 0) { b.Append("<p class=\"none\">None: every result is as the suite expected.</p>\n"); return; }
        b.Append("<table><tr><th>State</th><th>Test</th><th>Cell</th><th>Culprit</th><th>Reason</th></tr>\n");
        foreach (var r in bad)
            b.Append($"<tr><td class=\"{StateStyle.Css(r.State)}\">{r.State.DejaGnuWord()}</td><td>{E(r.Test)}</td><td>{E(r.Cell.ToString())}</td>")
             .Append($"<td>{E(r.Culprit.ToString())}</td><td>{E(UntrustedText.OneLine(r.Reason, 300))}</td></tr>\n");
        b.Append("</table>\n");
    }
}

using ProbeHarness.Results;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// Writes report.html (one self-contained page) and plots/*.dat into the run directory. With a
/// history store, trends and time intervals span the suite's last runs; a comparison.json or
/// overhead.json in the run directory (or a comparison given here) adds their sections.
/// </summary>
public sealed class HtmlReportExporter(IResultStore? history = null, ComparisonSummary? comparison = null) : IExporter
{
    public const string FileName = "report.html";

    public string Name => "html";

    public void Export(RunReport report, string runDirectory)
    {
        var input = new HtmlReportInput(
            report,
            history is null ? RunHistory.Only(report) : RunHistory.From(history, report),
            comparison ?? ComparisonSummary.Load(Path.Combine(runDirectory, ComparisonSummary.FileName)),
            OverheadFigures.Load(Path.Combine(runDirectory, OverheadFigures.FileName)));
        var (html, plots) = HtmlReportPage.Render(input, File.ReadAllText(Resources.PathOf("reports", "report.css")));
        var plotDir = Path.Combine(runDirectory, "plots");
        Directory.CreateDirectory(plotDir);
        foreach (var p in plots) File.WriteAllText(Path.Combine(plotDir, p.Name + ".dat"), p.Dat);
        File.WriteAllText(Path.Combine(runDirectory, FileName), html);
    }
}

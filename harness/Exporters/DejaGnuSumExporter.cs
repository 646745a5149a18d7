namespace ProbeHarness.Exporters;

/// <summary>
/// Writes &lt;suite&gt;.sum as runtest would: one line per test, then the summary counts, so the
/// existing DejaGnu tooling (compare_tests, dg-extract-results, jv) reads our runs unchanged.
/// </summary>
public sealed class DejaGnuSumExporter(DejaGnuOptions? options = null) : IExporter
{
    private readonly DejaGnuOptions _options = options ?? new DejaGnuOptions();

    public string Name => "dejagnu-sum";

    public void Export(RunReport report, string runDirectory) =>
        DejaGnuFormat.WriteLines(
            Path.Combine(runDirectory, DejaGnuFormat.FileStem(report.Info.Suite) + ".sum"),
            Lines(report));

    public IEnumerable<string> Lines(RunReport report)
    {
        foreach (var l in DejaGnuFormat.Header(report.Info, _options)) yield return l;
        foreach (var (source, results) in DejaGnuFormat.BySource(report.Results, _options))
        {
            yield return DejaGnuFormat.RunningLine(source);
            foreach (var r in results) yield return DejaGnuFormat.ResultLine(r);
        }
        foreach (var l in DejaGnuFormat.Summary(report.Info.Suite, report.Results)) yield return l;
    }
}

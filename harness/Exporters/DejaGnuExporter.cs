using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>
/// The skeleton runtest writes in both its files: the banner, a "Running X ..." line per test
/// source with its result lines, the summary counts. The .sum and the .log differ only in what
/// stands before each result line and after the summary, and in the file's extension.
/// </summary>
public abstract class DejaGnuExporter(DejaGnuOptions? options) : IExporter
{
    private readonly DejaGnuOptions _options = options ?? new DejaGnuOptions();

    public abstract string Name { get; }

    /// <summary>The file's extension, with its dot.</summary>
    protected abstract string Extension { get; }

    public void Export(RunReport report, string runDirectory) =>
        DejaGnuFormat.WriteLines(
            Path.Combine(runDirectory, DejaGnuFormat.FileStem(report.Info.Suite) + Extension),
            Lines(report));

    public IEnumerable<string> Lines(RunReport report)
    {
        foreach (var l in DejaGnuFormat.Header(report.Info, _options)) yield return l;
        foreach (var (source, results) in DejaGnuFormat.BySource(report.Results, _options))
        {
            yield return DejaGnuFormat.RunningLine(source);
            foreach (var r in results)
            {
                foreach (var l in BeforeResult(r)) yield return l;
                yield return DejaGnuFormat.ResultLine(r);
            }
        }
        foreach (var l in DejaGnuFormat.Summary(report.Info.Suite, report.Results)) yield return l;
        foreach (var l in AfterSummary(report)) yield return l;
    }

    /// <summary>Lines before a test's result line (none by default).</summary>
    protected virtual IEnumerable<string> BeforeResult(TestResult r) => [];

    /// <summary>Lines after the summary counts (none by default).</summary>
    protected virtual IEnumerable<string> AfterSummary(RunReport report) => [];
}

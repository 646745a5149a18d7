using System.Globalization;
using ProbeHarness.Verdicts;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>
/// Writes &lt;suite&gt;.log: the .sum skeleton with each test's evidence before its result line,
/// as runtest logs a test's dialogue before recording it. Guest text is indented two spaces so
/// a kernel line that happens to read "FAIL: ..." can never pass for a result line.
/// </summary>
public sealed class DejaGnuLogExporter(DejaGnuOptions? options = null) : IExporter
{
    private const string Indent = "  ";
    private readonly DejaGnuOptions _options = options ?? new DejaGnuOptions();

    public string Name => "dejagnu-log";

    public void Export(RunReport report, string runDirectory) =>
        DejaGnuFormat.WriteLines(
            Path.Combine(runDirectory, DejaGnuFormat.FileStem(report.Info.Suite) + ".log"),
            Lines(report));

    public IEnumerable<string> Lines(RunReport report)
    {
        foreach (var l in DejaGnuFormat.Header(report.Info, _options)) yield return l;
        foreach (var (source, results) in DejaGnuFormat.BySource(report.Results, _options))
        {
            yield return DejaGnuFormat.RunningLine(source);
            foreach (var r in results)
            {
                foreach (var l in Evidence(r)) yield return l;
                yield return DejaGnuFormat.ResultLine(r);
            }
        }
        foreach (var l in DejaGnuFormat.Summary(report.Info.Suite, report.Results)) yield return l;
        yield return $"runtest exit code {report.ExitCode}";
    }

    private static IEnumerable<string> Evidence(TestResult r)
    {
        yield return $"Cell: {UntrustedText.OneLine(r.Cell.ToString(), 500)}";
        yield return $"Duration: {r.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s";
        if (r.Culprit != Culprit.None) yield return $"Culprit: {r.Culprit}";
        if (!string.IsNullOrEmpty(r.Reason)) yield return $"Reason: {UntrustedText.OneLine(r.Reason, 2000)}";
        if (r.ConsoleLog is not null) yield return $"Console log: {UntrustedText.OneLine(r.ConsoleLog, 2000)}";
        if (r.Output.Length > 0)
        {
            yield return "Output:";
            foreach (var l in Block(r.Output)) yield return l;
        }
        if (r.Crash is { } c)
        {
            var flags = c.Corrupted ? ", corrupted" : "";
            var probe = c.Probe is null ? "" : $", probe {UntrustedText.OneLine(c.Probe)}";
            yield return $"Crash: {UntrustedText.OneLine(c.Title, 500)} ({UntrustedText.OneLine(c.Kind)}, culprit {c.Culprit}{probe}{flags})";
            foreach (var l in Block(c.Excerpt)) yield return l;
        }
    }

    private static IEnumerable<string> Block(string text) =>
        UntrustedText.Clean(text).TrimEnd('\n').Split('\n').Select(l => Indent + l);
}

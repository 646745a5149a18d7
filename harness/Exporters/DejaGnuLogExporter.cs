using System.Globalization;
using ProbeHarness.Verdicts;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>
/// Writes &lt;suite&gt;.log: the .sum skeleton with each test's evidence before its result line,
/// as runtest logs a test's dialogue before recording it. Guest text is indented two spaces so
/// a kernel line that happens to read "FAIL: ..." can never pass for a result line.
/// </summary>
public sealed class DejaGnuLogExporter(DejaGnuOptions? options = null) : DejaGnuExporter(options)
{
    private const string Indent = "  ";

    public override string Name => "dejagnu-log";

    protected override string Extension => ".log";

    protected override IEnumerable<string> BeforeResult(TestResult r) => Evidence(r);

    protected override IEnumerable<string> AfterSummary(RunReport report) => [$"runtest exit code {report.ExitCode}"];

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

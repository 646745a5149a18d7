using System.Globalization;
using System.Text;
using System.Xml;
using ProbeHarness.Verdicts;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>
/// Writes junit.xml in the shape Jenkins, GitLab and GitHub test reporters read: one testsuite
/// per cell, one testcase per result, and a last testsuite listing each distinct crash once.
/// Every string passes through <see cref="UntrustedText.Clean"/>, so the file stays well-formed
/// whatever the kernel printed.
/// </summary>
public sealed class JUnitExporter : IExporter
{
    public const string FileName = "junit.xml";

    public string Name => "junit";

    public void Export(RunReport report, string runDirectory)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = new UTF8Encoding(false),
            NewLineChars = "\n",
        };
        using var w = XmlWriter.Create(Path.Combine(runDirectory, FileName), settings);
        Write(report, w);
    }

    public string ToXml(RunReport report)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, NewLineChars = "\n", OmitXmlDeclaration = true }))
            Write(report, w);
        return sb.ToString();
    }

    private static void Write(RunReport report, XmlWriter w)
    {
        var info = report.Info;
        var results = report.Results;
        var crashes = CrashGroups.Group(results);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        Attr(w, "name", info.Suite);
        Totals(w, results);
        foreach (var cell in results.GroupBy(r => r.Cell).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            w.WriteStartElement("testsuite");
            Attr(w, "name", $"{info.Suite}.{ClassPart(cell.Key)}");
            Totals(w, cell.ToList());
            Attr(w, "timestamp", info.Started.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            Attr(w, "hostname", info.Host);
            w.WriteStartElement("properties");
            Property(w, "run.id", info.Id);
            Property(w, "cell.arch", cell.Key.Arch);
            Property(w, "cell.kernel", cell.Key.Kernel);
            Property(w, "cell.engine", cell.Key.Engine);
            Property(w, "harness.version", info.HarnessVersion);
            w.WriteEndElement();
            foreach (var r in cell) JUnitTestCase.Write(w, info.Suite, r);
            w.WriteEndElement();
        }
        if (crashes.Count > 0) JUnitCrashSuite.Write(w, info.Suite, crashes);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Totals(XmlWriter w, IReadOnlyCollection<TestResult> results)
    {
        Attr(w, "tests", results.Count.ToString(CultureInfo.InvariantCulture));
        Attr(w, "failures", results.Count(r => JUnitTestCase.Outcome(r.State) == "failure").ToString(CultureInfo.InvariantCulture));
        Attr(w, "errors", results.Count(r => JUnitTestCase.Outcome(r.State) == "error").ToString(CultureInfo.InvariantCulture));
        Attr(w, "skipped", results.Count(r => JUnitTestCase.Outcome(r.State) == "skipped").ToString(CultureInfo.InvariantCulture));
        Attr(w, "time", Seconds(results.Aggregate(TimeSpan.Zero, (t, r) => t + r.Duration)));
    }

    /// <summary>
    /// Reporters split classname at its last dot into package and class; the dots of a kernel
    /// version ("6.1.0-53") would split it mid-version, so they become underscores here.
    /// </summary>
    internal static string ClassPart(Cell cell) => cell.ToString().Replace('.', '_');

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    internal static void Attr(XmlWriter w, string name, string? value) =>
        w.WriteAttributeString(name, UntrustedText.Clean(value));

    internal static void Text(XmlWriter w, string? value) => w.WriteString(UntrustedText.Clean(value));

    internal static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        Attr(w, "name", name);
        Attr(w, "value", value);
        w.WriteEndElement();
    }
}

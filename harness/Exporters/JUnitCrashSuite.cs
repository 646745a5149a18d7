using System.Globalization;
using System.Xml;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>
/// The distinct crashes as their own testsuite, one testcase per title, because a separate
/// suite is what every CI test view displays (properties on testsuites mostly are not). A title
/// is a failure when any test that hit it was an unexpected or unjudged result; crashes that
/// only ever came from XFAIL/KFAIL tests show as passes with their excerpt in system-out.
/// </summary>
internal static class JUnitCrashSuite
{
    public static void Write(XmlWriter w, string suite, IReadOnlyList<CrashGroup> crashes)
    {
        var inv = CultureInfo.InvariantCulture;
        var failing = crashes.Count(Failing);
        w.WriteStartElement("testsuite");
        JUnitExporter.Attr(w, "name", $"{suite}.crashes");
        JUnitExporter.Attr(w, "tests", crashes.Count.ToString(inv));
        JUnitExporter.Attr(w, "failures", failing.ToString(inv));
        JUnitExporter.Attr(w, "errors", "0");
        JUnitExporter.Attr(w, "skipped", "0");
        JUnitExporter.Attr(w, "time", "0.000");
        foreach (var g in crashes)
        {
            w.WriteStartElement("testcase");
            JUnitExporter.Attr(w, "name", g.Title);
            JUnitExporter.Attr(w, "classname", $"{suite}.crashes");
            JUnitExporter.Attr(w, "time", "0.000");
            w.WriteStartElement("properties");
            JUnitExporter.Property(w, "count", g.Count.ToString(inv));
            JUnitExporter.Property(w, "kind", g.Crash.Kind);
            JUnitExporter.Property(w, "culprit", string.Join(",", g.Culprits));
            JUnitExporter.Property(w, "first", g.First.FullName);
            JUnitExporter.Property(w, "last", g.Last.FullName);
            w.WriteEndElement();
            var summary = $"{g.Count} occurrence(s); first {g.First.FullName}; last {g.Last.FullName}";
            if (Failing(g))
            {
                w.WriteStartElement("failure");
                JUnitExporter.Attr(w, "message", summary);
                JUnitExporter.Attr(w, "type", g.Crash.Kind);
                JUnitExporter.Text(w, g.Crash.Excerpt);
                w.WriteEndElement();
            }
            else
            {
                w.WriteStartElement("system-out");
                JUnitExporter.Text(w, summary + "\n" + g.Crash.Excerpt);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static bool Failing(CrashGroup g) =>
        g.Results.Any(r => r.State.IsUnexpected() || r.State.IsUnjudged() || r.State == TestState.KPass);
}

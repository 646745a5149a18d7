using System.Text;
using System.Xml;
using ProbeHarness.Verdicts;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>One result as a JUnit testcase: which DejaGnu states are failures, errors, skips or passes.</summary>
internal static class JUnitTestCase
{
    /// <summary>
    /// FAIL, XPASS and KPASS broke an expectation: failure. UNRESOLVED could not be judged: error.
    /// UNSUPPORTED and UNTESTED did not run: skipped. PASS, XFAIL and KFAIL did what the suite said.
    /// </summary>
    public static string? Outcome(TestState s) => s switch
    {
        TestState.Fail or TestState.XPass or TestState.KPass => "failure",
        TestState.Unresolved => "error",
        TestState.Unsupported or TestState.Untested => "skipped",
        _ => null,
    };

    public static void Write(XmlWriter w, string suite, TestResult r)
    {
        w.WriteStartElement("testcase");
        JUnitExporter.Attr(w, "name", r.Test);
        JUnitExporter.Attr(w, "classname", $"{suite}.{JUnitExporter.ClassPart(r.Cell)}");
        JUnitExporter.Attr(w, "time", JUnitExporter.Seconds(r.Duration));
        var outcome = Outcome(r.State);
        if (outcome is not null)
        {
            w.WriteStartElement(outcome);
            JUnitExporter.Attr(w, "message", $"{r.State.DejaGnuWord()}: {UntrustedText.OneLine(r.Reason, 1000)}".TrimEnd(' ', ':'));
            if (outcome != "skipped" && r.Culprit != Culprit.None) JUnitExporter.Attr(w, "type", r.Culprit.ToString());
            if (outcome != "skipped" && r.Crash is { } c) JUnitExporter.Text(w, $"{c.Title}\n{c.Excerpt}");
            w.WriteEndElement();
        }
        var systemOut = SystemOut(r);
        if (systemOut.Length > 0)
        {
            w.WriteStartElement("system-out");
            JUnitExporter.Text(w, systemOut);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static string SystemOut(TestResult r)
    {
        var sb = new StringBuilder();
        if (r.State is TestState.XFail or TestState.KFail)
            sb.Append($"{r.State.DejaGnuWord()}: failed as the suite expected").Append(r.Reason is null ? "" : $" ({r.Reason})").Append('\n');
        if (r.Culprit != Culprit.None) sb.Append($"Culprit: {r.Culprit}\n");
        if (r.ConsoleLog is not null) sb.Append($"Console log: {r.ConsoleLog}\n");
        if (r.Crash is { } c)
        {
            sb.Append($"Crash: {c.Title} ({c.Kind}, culprit {c.Culprit}{(c.Corrupted ? ", corrupted" : "")})\n");
            sb.Append(c.Excerpt.TrimEnd('\n')).Append('\n');
        }
        if (r.Output.Length > 0)
        {
            if (sb.Length > 0) sb.Append("--- output ---\n");
            sb.Append(r.Output);
        }
        return sb.ToString();
    }
}

using System.Xml.Linq;
using NUnit.Framework;
using ProbeHarness.Exporters;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters;

public class JUnitPropertyTests
{
    /// <summary>Whatever a kernel prints (any UTF-16, lone surrogates, NUL, ESC), junit.xml parses back.</summary>
    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool JUnitIsWellFormedForAnyText(string? output, string? reason, string? title, string? test)
    {
        var crash = title is null ? null : new CrashInfo(title, title, Culprit.Kernel, true, title, output ?? "");
        var r = new TestResult("s", test ?? "t", new Cell("x86_64", reason ?? "k", "e"), TestState.Fail,
            Culprit.Kernel, reason, TimeSpan.FromSeconds(1), output ?? "", crash, reason);
        var report = new RunReport(SampleRun.Info with { Host = output ?? "" }, [r, r with { State = TestState.XFail }], 1);
        var dir = Directory.CreateTempSubdirectory("ph-junit-").FullName;
        try
        {
            new JUnitExporter().Export(report, dir);
            var doc = XDocument.Load(Path.Combine(dir, JUnitExporter.FileName));
            return doc.Root!.Name == "testsuites";
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void HostileTextIsStrippedNotEscapedAway()
    {
        var nasty = "a\u0000b\u001b[31mc\u001b[0m\ud800d\uffff]]>e\r\nf";
        var r = new TestResult("s", "t", SampleRun.X86, TestState.Fail, Culprit.Kernel, nasty, TimeSpan.Zero, nasty);
        var xml = new JUnitExporter().ToXml(new RunReport(SampleRun.Info, [r], 1));
        var doc = XDocument.Parse(xml);
        var systemOut = doc.Descendants("system-out").Single().Value;
        Assert.That(systemOut, Does.Contain("abcd]]>e\nf"));
        Assert.That(doc.Descendants("failure").Single().Attribute("message")!.Value, Is.EqualTo("FAIL: abcd]]>e f"));
    }

    [Test]
    public void StatesMapToJUnitOutcomes()
    {
        var doc = XDocument.Parse(new JUnitExporter().ToXml(SampleRun.Report));
        var all = doc.Root!;
        Assert.Multiple(() =>
        {
            Assert.That(all.Attribute("tests")!.Value, Is.EqualTo("11"));
            Assert.That(all.Attribute("failures")!.Value, Is.EqualTo("4"), "2 FAIL + XPASS + KPASS");
            Assert.That(all.Attribute("errors")!.Value, Is.EqualTo("1"), "UNRESOLVED");
            Assert.That(all.Attribute("skipped")!.Value, Is.EqualTo("2"), "UNTESTED + UNSUPPORTED");
            var crashes = all.Elements("testsuite").Single(s => s.Attribute("name")!.Value == "probes.crashes");
            Assert.That(crashes.Elements("testcase").Count(), Is.EqualTo(2));
            Assert.That(crashes.Attribute("failures")!.Value, Is.EqualTo("1"), "the lockup only hit a KFAIL test");
        });
    }
}

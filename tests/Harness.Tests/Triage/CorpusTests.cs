using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

/// <summary>Every real console log in the corpus gets the title, kind and culprit its header states.</summary>
public class CorpusTests
{
    public static IEnumerable<TestCaseData> Logs() =>
        Corpus.Cases().Select(c => new TestCaseData(c).SetName($"Corpus({c})"));

    [TestCaseSource(nameof(Logs))]
    public void FirstReportMatchesHeader(CorpusCase c)
    {
        var reports = ConsoleTriage.Parse(c.Log, c.Arch);
        if (c.Title.Length == 0)
        {
            Assert.That(reports, Is.Empty, "a clean log must give no report");
            return;
        }
        Assert.That(reports, Is.Not.Empty, "no report found");
        var first = reports[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Title, Is.EqualTo(c.Title));
            Assert.That(first.Kind, Is.EqualTo(c.Type));
            Assert.That(first.Culprit.ToString(), Is.EqualTo(c.Culprit));
            Assert.That(first.Corrupted, Is.EqualTo(c.Corrupted), "corrupted");
            if (c.Probe is not null) Assert.That(first.Probe, Is.EqualTo(c.Probe));
            Assert.That(first.Title, Does.Not.Match(@"0x[0-9a-f]|\[\d+\]|CPU#\d"), "unstable title");
        });
    }
}

using NUnit.Framework;
using ProbeHarness.Exporters;

namespace ProbeHarness.Tests.Exporters;

public class MarkdownTests
{
    /// <summary>No line inside the block can close it: every backtick run inside is shorter than the fence.</summary>
    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool FenceOutlastsAnyBacktickRun(string? text)
    {
        var lines = Markdown.Fenced(text).ToList();
        var fence = lines[0][..lines[0].IndexOf("text", StringComparison.Ordinal)];
        return lines[^1] == fence && fence.Length >= 3 &&
               lines.Skip(1).SkipLast(1).All(l => !l.Contains(fence, StringComparison.Ordinal));
    }

    [Test]
    public void CellEscapesPipesAndHtml() =>
        Assert.That(Markdown.Cell("a|b <script>\n`x`"), Is.EqualTo(@"a\|b &lt;script&gt; \`x\`"));

    [Test]
    public void CrashTitlesAreGroupedMostFrequentFirst()
    {
        var groups = CrashGroups.Group(SampleRun.Results);
        Assert.Multiple(() =>
        {
            Assert.That(groups.Select(g => g.Count), Is.EqualTo(new[] { 2, 1 }));
            Assert.That(groups[0].First.Cell, Is.EqualTo(SampleRun.X86));
            Assert.That(groups[0].Last.Cell, Is.EqualTo(SampleRun.Arm));
        });
    }
}

public class CrashGroupsTests
{
    [Test]
    public void A_group_shows_its_first_whole_report()
    {
        var cell = new ProbeHarness.Verdicts.Cell("x86_64", "k", "e");
        ProbeHarness.Verdicts.TestResult R(string test, bool corrupted) => new("s", test, cell, ProbeHarness.Verdicts.TestState.Fail,
            ProbeHarness.Verdicts.Culprit.Kernel, "r", TimeSpan.Zero, "",
            new ProbeHarness.Verdicts.CrashInfo("WARNING in f", "WARNING", ProbeHarness.Verdicts.Culprit.Kernel, corrupted, null, test));
        var g = ProbeHarness.Exporters.CrashGroups.Group([R("a", true), R("b", false), R("c", false)]).Single();
        Assert.That((g.Count, g.First.Test, g.Last.Test, g.Crash.Excerpt), Is.EqualTo((3, "a", "c", "b")));
    }
}

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

using NUnit.Framework;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Triage;

public class CrashDigestTests
{
    [Test]
    public void GroupsByTitleWithCountsFirstLastAndAWholeExcerpt()
    {
        var t0 = DateTimeOffset.Parse("2025-01-01T00:00:00Z");
        CrashInfo C(string title, bool corrupted, string excerpt) => new(title, "BUG", Culprit.Kernel, corrupted, null, excerpt);
        var groups = CrashDigest.Group([
            (C("A", true, "cut"), "run1", t0.AddMinutes(1)),
            (C("B", false, "b"), "run2", t0.AddMinutes(2)),
            (C("A", false, "whole"), "run3", t0.AddMinutes(3)),
            (C("A", false, "whole2"), "run4", t0),
        ]);
        Assert.That(groups.Select(g => (g.Title, g.Count)), Is.EqualTo(new[] { ("A", 3), ("B", 1) }));
        var a = groups[0];
        Assert.That((a.FirstWhere, a.LastWhere, a.Excerpt), Is.EqualTo(("run4", "run3", "whole2")));
    }
}

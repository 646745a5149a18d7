using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Verdicts;
using static ProbeHarness.Verdicts.TestState;

namespace ProbeHarness.Tests.Comparing;

public class FlakyRuleTests
{
    [Test]
    public void Three_flips_in_the_last_ten_runs_make_a_test_flaky()
    {
        Assert.That(FlakyRule.IsFlaky([Pass, Fail, Pass, Pass, Pass, Fail]), Is.True);
        Assert.That(FlakyRule.IsFlaky([Pass, Pass, Pass, Fail, Fail, Pass]), Is.False, "two flips");
    }

    [Test]
    public void Flips_older_than_the_last_ten_runs_are_forgotten()
    {
        TestState[] old = [Fail, Pass, Fail, Pass];
        Assert.That(FlakyRule.IsFlaky([.. old, .. Enumerable.Repeat(Pass, 9), Fail]), Is.False);
    }

    [FsCheck.NUnit.Property]
    public bool Flips_never_exceed_the_window(TestState[] states) =>
        FlakyRule.CountFlips(states ?? []) <= FlakyRule.Window - 1;
}

using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Judging;
using ProbeHarness.Stress;
using ProbeHarness.Suites;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Stress;

public class KretprobeMissOracleTests
{
    private static readonly KretprobeMissOracle SixTasksMaxTwo = new("ph_sleep", "phstress_sleep", 6, 2);

    // What the kprobe_events engine printed on x86_64 bookworm (output, and kprobe_profile in the diagnostics).
    private const string KprobeOutput = "ph_sleep 0\nMISSED ph_sleep 4\nMODULE phstress_sleep 6 6\n";
    private const string KprobeProfile = "phstress: 6 sleepers\n  ph_sleep                                                   2               4\n";

    [Test]
    public void Kprobe_events_counts_with_maxactive_2_of_6_are_exact() =>
        Assert.That(SixTasksMaxTwo.Violation(KprobeOutput, KprobeProfile), Is.Null);

    [Test]
    public void SystemTap_counts_read_the_handler_hits_and_the_skipped_probes() =>
        Assert.That(SixTasksMaxTwo.Violation("ph_sleep 2\nMODULE phstress_sleep 6 6\n",
            "WARNING: Number of errors: 0, skipped probes: 4\n"), Is.Null);

    [Test]
    public void A_deliberately_wrong_expectation_fails_the_test()
    {
        var wrong = SixTasksMaxTwo with { MaxActive = 3 };
        var expect = new Expectation(null, null, 0, null, null, null) { Oracle = wrong };
        var verdict = Judge.Decide(expect, new ProbeHarness.Judging.Outcome.Ran(0, KprobeOutput, KprobeProfile));
        Assert.That(verdict.State, Is.EqualTo(TestState.Fail));
        Assert.That(verdict.Reason, Does.Contain("2 returns seen, expected 3").And.Contain("4 misses, expected 3"));
        Assert.That(Judge.Decide(expect with { Oracle = SixTasksMaxTwo }, new ProbeHarness.Judging.Outcome.Ran(0, KprobeOutput, KprobeProfile)).State,
            Is.EqualTo(TestState.Pass));
    }

    [Test]
    public void Calls_that_do_not_add_up_are_named()
    {
        var v = SixTasksMaxTwo.Violation("ph_sleep 2\nMODULE phstress_sleep 7 7\n", "skipped probes: 4");
        Assert.That(v, Does.Contain("7 calls, expected 6").And.Contain("calls 7 != returns 2 + misses 4"));
    }

    [Test]
    public void Missing_counts_are_a_violation_not_a_pass()
    {
        Assert.That(SixTasksMaxTwo.Violation("ph_sleep 2\n", ""), Does.Contain("no 'MODULE phstress_sleep"));
        Assert.That(SixTasksMaxTwo.Violation("MODULE phstress_sleep 6 6\n", ""), Does.Contain("no hit/miss counts"));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Only_the_exact_accounting_passes(PositiveInt n, PositiveInt m, NonNegativeInt returns, NonNegativeInt misses)
    {
        var oracle = new KretprobeMissOracle("p", "f", n.Get, m.Get);
        var output = $"p {returns.Get}\nMODULE f {n.Get} {n.Get}\n";
        var ok = oracle.Violation(output, $"skipped probes: {misses.Get}") is null;
        var exact = returns.Get == Math.Min(n.Get, m.Get) && misses.Get == n.Get - Math.Min(n.Get, m.Get);
        return (ok == exact).ToProperty();
    }

    [Test]
    public void No_miss_oracle_passes_without_misses_and_fails_with_them()
    {
        var o = new NoMissOracle("nr", "phstress_noreturn");
        Assert.That(o.Violation("nr 0\nMODULE phstress_noreturn 3 0\n", "  nr   0   0\n"), Is.Null);
        Assert.That(o.Violation("entries 3\nnr 0\n", ""), Is.Null, "stap warns only when something was skipped");
        Assert.That(o.Violation("nr 0\nMISSED nr 2\n", "  nr   0   2\n"), Does.Contain("2 misses"));
        Assert.That(o.Violation("entries 3\nnr 0\n", "WARNING: Number of errors: 0, skipped probes: 2"), Does.Contain("2 misses"));
        Assert.That(o.Violation("", ""), Does.Contain("no miss count"));
    }
}

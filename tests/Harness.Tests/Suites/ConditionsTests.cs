using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Suites;

public class ConditionsTests
{
    private static CellFacts Cell(string kernel = "6.1.0-56-amd64", string engineVersion = "4.8", string arch = "x86_64") =>
        new(arch, kernel, "systemtap", engineVersion, false);

    [TestCase(">=6.1.0-24", "6.1.0-56-amd64", true)]
    [TestCase(">=6.1.0-24", "6.1.0-9-amd64", false)]
    [TestCase("<6.12", "6.1.0-56-amd64", true)]
    [TestCase("<6.12", "6.12.57+deb13-amd64", false)]
    [TestCase(">=6.1 <6.2", "6.1.0-56-cloud-amd64", true)]
    [TestCase("6.1", "6.1.0-56-amd64", true)]
    [TestCase("6.1", "6.12.57+deb13-amd64", false)]
    [TestCase("<=6.1.0-56", "6.1.0-56-amd64", true)]
    [TestCase("4.8", "4.8", true)]
    [TestCase(">=5.0", "4.8", false)]
    public void Ranges(string range, string version, bool holds) =>
        Assert.That(VersionRange.Parse(range).Contains(version), Is.EqualTo(holds));

    [TestCase("")]
    [TestCase(">=")]
    [TestCase("new")]
    public void Bad_ranges_are_refused(string text) =>
        Assert.That(() => VersionRange.Parse(text), Throws.InstanceOf<FormatException>());

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property A_version_is_in_exactly_one_of_below_and_at_or_above_a_bound() =>
        Prop.ForAll(Gen.Choose(0, 99).Three().ToArbitrary(), Gen.Choose(0, 99).Three().ToArbitrary(), (a, b) =>
        {
            var v = $"{a.Item1}.{a.Item2}.0-{a.Item3}";
            var bound = $"{b.Item1}.{b.Item2}.0-{b.Item3}";
            return VersionRange.Parse($"<{bound}").Contains(v) != VersionRange.Parse($">={bound}").Contains(v);
        });

    [Test]
    public void Unmet_conditions_say_which_fact_is_outside()
    {
        var c = new Conditions(["x86_64"], VersionRange.Parse(">=6.1.0-24"), VersionRange.Parse("4.8"));
        Assert.That(c.Unmet(Cell()), Is.Null);
        Assert.That(c.Unmet(Cell(arch: "arm64")), Does.Contain("arm64"));
        Assert.That(c.Unmet(Cell(kernel: "6.1.0-9-amd64")), Does.Contain("6.1.0-9-amd64").And.Contain(">=6.1.0-24"));
        Assert.That(c.Unmet(Cell(engineVersion: "5.1")), Does.Contain("systemtap 5.1"));
    }

    [Test]
    public void A_known_failure_expires_where_its_condition_stops_holding()
    {
        var e = new Expectation("x", null, 0, null, new KnownFailure("runtime", "bug") { When = new Conditions([], null, VersionRange.Parse("4.8")) }, null);
        Assert.That(e.In(Cell(engineVersion: "4.8")).KFail, Is.Not.Null);
        Assert.That(e.In(Cell(engineVersion: "5.1")).KFail, Is.Null, "fixed in 5.1: the test must pass there");
    }
}

public class ConditionalFailureTests
{
    [Test]
    public void A_crash_is_expected_except_where_a_known_failure_holds()
    {
        var e = new Expectation(null, null, 0, null,
            new KnownFailure("probe refused", "cfg") { When = new Conditions(["riscv64"], null, null) },
            new ExpectedCrash("kernel", "sysrq", "asked to"));
        var riscv = e.In(new CellFacts("riscv64", "6.12.117+deb13-riscv64", "kprobe_events", "kernel", false));
        var x86 = e.In(new CellFacts("x86_64", "6.1.0-56-amd64", "kprobe_events", "kernel", false));
        Assert.That((riscv.KFail is not null, riscv.Crash is null), Is.EqualTo((true, true)));
        Assert.That((x86.KFail is null, x86.Crash is not null), Is.EqualTo((true, true)));
        var refused = new ProbeHarness.Judging.Outcome.BuildFailed(5, "the kernel refused the probes", "");
        Assert.That(ProbeHarness.Judging.Judge.Decide(riscv, refused).State, Is.EqualTo(ProbeHarness.Verdicts.TestState.KFail));
        Assert.That(ProbeHarness.Judging.Judge.Decide(x86, refused).State, Is.EqualTo(ProbeHarness.Verdicts.TestState.Fail),
            "a refused probe is no surviving guest: never XPASS");
    }
}

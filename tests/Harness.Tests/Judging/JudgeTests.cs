using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Judging;
using Outcome = ProbeHarness.Judging.Outcome;
using ProbeHarness.Suites;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Judging;

public class JudgeTests
{
    private static readonly Expectation Exact = new("n=3\n", null, 0, null, null, null);
    private static readonly Expectation XFail = Exact with { XFail = "no debuginfo" };
    private static readonly Expectation KFail = Exact with { KFail = new KnownFailure("runtime", "bug 1") };
    private static readonly Expectation Crash = new(null, null, 0, null, null, new ExpectedCrash("kernel", "sysrq", "asked to"));
    private static readonly CrashInfo KernelPanic = new("kernel panic: sysrq triggered crash", "PANIC", Culprit.Kernel, false, null, "…");
    private static readonly CrashInfo ProbeOops = new("BUG: kernel NULL pointer dereference in probe_1", "BUG", Culprit.ProbeEngine, false, "stap_x", "…");

    private static readonly Outcome Right = new Outcome.Ran(0, "n=3  \n\n", "");
    private static readonly Outcome Wrong = new Outcome.Ran(0, "n=2\n", "");
    private static readonly Outcome BadExit = new Outcome.Ran(1, "n=3\n", "ERROR: staprun\n");
    private static readonly Outcome Build = new Outcome.BuildFailed(2, "semantic error", "");
    private static readonly Outcome Panicked = new Outcome.Crashed(KernelPanic, "");
    private static readonly Outcome Oopsed = new Outcome.Crashed(ProbeOops, "");
    private static readonly Outcome Qemu = new Outcome.MachineFailed(Culprit.Infrastructure, "QEMU exited unexpectedly", "exit 1");
    private static readonly Outcome NoBoot = new Outcome.MachineFailed(Culprit.Kernel, "boot never reached the guest agent", "");
    private static readonly Outcome NoHeaders = new Outcome.NotRunnable("no headers");

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData C(string name, Expectation e, Outcome o, TestState s, Culprit c) =>
            new TestCaseData(e, o, s, c).SetName(name);
        yield return C("pass: right output", Exact, Right, TestState.Pass, Culprit.None);
        yield return C("pass: wrong output blames the engine", Exact, Wrong, TestState.Fail, Culprit.ProbeEngine);
        yield return C("pass: wrong exit", Exact, BadExit, TestState.Fail, Culprit.ProbeEngine);
        yield return C("pass: build failure", Exact, Build, TestState.Fail, Culprit.ProbeEngine);
        yield return C("pass: kernel panic", Exact, Panicked, TestState.Fail, Culprit.Kernel);
        yield return C("pass: probe oops", Exact, Oopsed, TestState.Fail, Culprit.ProbeEngine);
        yield return C("pass: QEMU died", Exact, Qemu, TestState.Unresolved, Culprit.Infrastructure);
        yield return C("pass: no boot", Exact, NoBoot, TestState.Fail, Culprit.Kernel);
        yield return C("pass: no headers", Exact, NoHeaders, TestState.Unsupported, Culprit.None);
        yield return C("xfail: fails", XFail, Build, TestState.XFail, Culprit.ProbeEngine);
        yield return C("xfail: passes", XFail, Right, TestState.XPass, Culprit.None);
        yield return C("kfail: fails", KFail, Build, TestState.KFail, Culprit.ProbeEngine);
        yield return C("kfail: passes", KFail, Right, TestState.KPass, Culprit.None);
        yield return C("kfail: QEMU died", KFail, Qemu, TestState.Unresolved, Culprit.Infrastructure);
        yield return C("crash: crashed as expected", Crash, Panicked, TestState.XFail, Culprit.Kernel);
        yield return C("crash: survived", Crash, Right, TestState.XPass, Culprit.None);
        yield return C("crash: crashed in the probe instead", Crash, Oopsed, TestState.Fail, Culprit.ProbeEngine);
        yield return C("crash: QEMU died", Crash, Qemu, TestState.Unresolved, Culprit.Infrastructure);
        var rejectAt2 = new Expectation(null, null, 0, null, null, null) { FailsAtPass = 2 };
        yield return C("fails-at-pass: rejected there", rejectAt2, Build, TestState.XFail, Culprit.None);
        yield return C("fails-at-pass: rejected elsewhere", rejectAt2, new Outcome.BuildFailed(4, "gcc", ""), TestState.Fail, Culprit.ProbeEngine);
        yield return C("fails-at-pass: accepted", rejectAt2, new Outcome.Ran(0, "", ""), TestState.XPass, Culprit.None);
        yield return C("fails-at-pass: QEMU died", rejectAt2, Qemu, TestState.Unresolved, Culprit.Infrastructure);
    }

    [TestCaseSource(nameof(Cases))]
    public void Decides(Expectation e, Outcome o, TestState state, Culprit culprit)
    {
        var v = Judge.Decide(e, o);
        Assert.That((v.State, v.Culprit), Is.EqualTo((state, culprit)), v.Reason);
        if (state != TestState.Pass) Assert.That(v.Reason, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void A_crash_verdict_carries_the_title()
    {
        Assert.That(Judge.Decide(Crash, Panicked).Reason, Does.Contain(KernelPanic.Title));
        Assert.That(Judge.Decide(Exact, Oopsed).Reason, Does.Contain(ProbeOops.Title));
    }

    private static readonly Expectation[] AllExpectations = [Exact, XFail, KFail, Crash];

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public Property Infrastructure_failures_are_never_a_kernel_or_engine_verdict() =>
        Prop.ForAll(Gen.Elements(AllExpectations).ToArbitrary(), Gen.Elements(Culprit.Infrastructure, Culprit.Harness).ToArbitrary(),
            ArbMap.Default.ArbFor<string>(), (e, c, detail) =>
                Judge.Decide(e, new Outcome.MachineFailed(c, "x", detail ?? "")) is { State: TestState.Unresolved } v && v.Culprit == c);

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public bool Exact_output_ignores_only_trailing_white_space(string body, bool crlf, int spaces)
    {
        body = (body ?? "").Replace("\r", "").TrimEnd();
        var e = new Expectation(body, null, 0, null, null, null);
        var shown = (crlf ? body.Replace("\n", "\r\n") : body) + new string(' ', Math.Abs(spaces % 5)) + "\n";
        return Judge.OutputMatches(e, shown) && !Judge.OutputMatches(e, shown + "extra");
    }
}

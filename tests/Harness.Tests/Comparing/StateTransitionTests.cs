using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Comparing;

public class StateTransitionTests
{
    [TestCase(TestState.Pass, TestState.Fail, "new-failure", Severity.Regression)]
    [TestCase(TestState.XFail, TestState.XPass, "state-change", Severity.Regression)]
    [TestCase(TestState.KFail, TestState.Fail, "kfail-expired", Severity.Regression)]
    [TestCase(TestState.KFail, TestState.KPass, "state-change", Severity.Regression)]
    [TestCase(TestState.Fail, TestState.Pass, "fixed", Severity.Improvement)]
    [TestCase(TestState.KFail, TestState.Pass, "fixed", Severity.Improvement)]
    [TestCase(TestState.Pass, TestState.Unresolved, "unjudged", Severity.Unjudged)]
    [TestCase(TestState.Unresolved, TestState.Pass, "judged-again", Severity.Info)]
    [TestCase(TestState.Unresolved, TestState.Fail, "new-failure", Severity.Regression)]
    [TestCase(TestState.Fail, TestState.XPass, "state-change", Severity.Info)]
    [TestCase(TestState.Pass, TestState.Unsupported, "state-change", Severity.Info)]
    public void A_move_between_states_has_one_meaning(TestState from, TestState to, string kind, Severity severity) =>
        Assert.That(StateTransition.Classify(from, to), Is.EqualTo((kind, severity)));

    [Test]
    public void Tests_on_one_side_only_are_not_run_or_new()
    {
        Assert.That(StateTransition.Classify(TestState.Pass, null), Is.EqualTo(("not-run", Severity.Unjudged)));
        Assert.That(StateTransition.Classify(null, TestState.Fail), Is.EqualTo(("new-test", Severity.Regression)));
        Assert.That(StateTransition.Classify(null, TestState.Pass), Is.EqualTo(("new-test", Severity.Info)));
    }

    [FsCheck.NUnit.Property]
    public bool The_same_state_is_never_a_finding(TestState s) => StateTransition.Classify(s, s) is null;

    [FsCheck.NUnit.Property]
    public bool Only_a_move_into_an_unexpected_state_regresses(TestState from, TestState to) =>
        StateTransition.Classify(from, to) is not { Severity: Severity.Regression } || to.IsUnexpected();
}

using NUnit.Framework;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Running;

public class GateTests
{
    private static TestResult R(TestState s) =>
        new("s", "t", new Cell("x86_64", "k", "e"), s, Culprit.None, null, TimeSpan.Zero, "");

    [TestCase(new[] { TestState.Pass, TestState.XFail, TestState.KFail, TestState.Unsupported, TestState.Untested }, Gate.Passed)]
    [TestCase(new[] { TestState.Pass, TestState.Fail }, Gate.Unexpected)]
    [TestCase(new[] { TestState.XPass }, Gate.Unexpected)]
    [TestCase(new[] { TestState.KPass }, Gate.Unexpected)]
    [TestCase(new[] { TestState.Pass, TestState.Unresolved }, Gate.Unjudged)]
    [TestCase(new[] { TestState.Unresolved, TestState.Fail }, Gate.Unexpected)]
    public void Exit_code(TestState[] states, int exit) =>
        Assert.That(Gate.ExitCode(states.Select(R)), Is.EqualTo(exit));
}

public class StoredGateTests
{
    private static TestResult R(TestState s) =>
        new("s", "t", new Cell("x86_64", "k", "e"), s, Culprit.None, null, TimeSpan.Zero, "");

    [Test]
    public void A_run_the_harness_died_in_is_never_green()
    {
        Assert.That(Gate.ExitCodeOfStored([R(TestState.Pass)], null), Is.EqualTo(Gate.Unjudged));
        Assert.That(Gate.ExitCodeOfStored([], null), Is.EqualTo(Gate.Unjudged));
    }

    [Test]
    public void An_aborted_run_is_never_green_and_a_finished_one_gates_as_before()
    {
        var aborted = new ProbeHarness.Results.RunEnd(2, DateTimeOffset.UtcNow, "stopped");
        var finished = new ProbeHarness.Results.RunEnd(0, DateTimeOffset.UtcNow);
        Assert.That(Gate.ExitCodeOfStored([R(TestState.Pass)], aborted), Is.EqualTo(Gate.Unjudged));
        Assert.That(Gate.ExitCodeOfStored([R(TestState.Pass)], finished), Is.EqualTo(Gate.Passed));
        Assert.That(Gate.ExitCodeOfStored([R(TestState.Fail)], null), Is.EqualTo(Gate.Unexpected), "an unexpected result stays unexpected");
    }
}

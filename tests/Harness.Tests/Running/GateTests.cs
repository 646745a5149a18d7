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

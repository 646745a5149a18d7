using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters.Kcidb;

/// <summary>
/// DejaGnu's states and the harness's culprits in KCIDB's status words. KCIDB has no notion of
/// an expected failure: the status says what happened to the tested code (the kernel), and the
/// DejaGnu state, with its expectation, travels in the test's misc.
/// </summary>
public static class KcidbStatus
{
    public static string Of(TestState state, Culprit culprit) => state switch
    {
        TestState.Pass or TestState.XPass or TestState.KPass => "PASS",
        TestState.Untested or TestState.Unsupported => "SKIP",
        _ => culprit switch
        {
            Culprit.Kernel => "FAIL",
            // The probe engine is the test's own code: the kernel's status is unknown.
            Culprit.ProbeEngine => "ERROR",
            Culprit.Harness or Culprit.Infrastructure => "MISS",
            _ => state == TestState.Unresolved ? "MISS" : "FAIL",
        },
    };
}

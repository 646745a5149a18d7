using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// The run's exit code: 0 when every result is what the suite expected; 1 when any is unexpected
/// (FAIL, XPASS, KPASS); 2 when the run could not judge some tests (UNRESOLVED: infrastructure or
/// harness), so a broken machine never passes as a green gate nor as a kernel regression.
/// </summary>
public static class Gate
{
    public const int Passed = 0;
    public const int Unexpected = 1;
    public const int Unjudged = 2;

    public static int ExitCode(IEnumerable<TestResult> results)
    {
        var states = results.Select(r => r.State).ToList();
        if (states.Any(s => s.IsUnexpected())) return Unexpected;
        if (states.Any(s => s.IsUnjudged())) return Unjudged;
        return Passed;
    }

    /// <summary>
    /// The exit code of a run read back from the history: a run that never finished (the harness died)
    /// or was aborted did not judge every test, so it is at least unjudged, never a green gate, even
    /// when every result it stored passed.
    /// </summary>
    public static int ExitCodeOfStored(IEnumerable<TestResult> results, Results.RunEnd? end)
    {
        var exit = ExitCode(results);
        return exit == Passed && (end is null || end.Aborted is not null) ? Unjudged : exit;
    }
}

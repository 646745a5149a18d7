namespace ProbeHarness.Comparing;

/// <summary>
/// The comparison's exit code: 1 when anything regressed; else 2 when part of the candidate
/// could not be compared (unjudged, not run) or no comparison could be made at all; else 0.
/// </summary>
public static class ComparisonGate
{
    public const int NothingWorse = 0;
    public const int Regressions = 1;
    public const int CouldNotCompare = 2;

    public static int ExitCode(IEnumerable<Finding> findings)
    {
        var severities = findings.Select(f => f.Severity).ToHashSet();
        if (severities.Contains(Severity.Regression)) return Regressions;
        if (severities.Contains(Severity.Unjudged)) return CouldNotCompare;
        return NothingWorse;
    }

    public static string Word(int exit) => exit switch
    {
        NothingWorse => "nothing-worse",
        Regressions => "regressions",
        _ => "could-not-compare",
    };
}

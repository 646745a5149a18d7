namespace ProbeHarness.Comparing;

/// <summary>How much a finding matters to the gate, worst first.</summary>
public enum Severity
{
    /// <summary>Worse than the baseline: the comparison exits 1.</summary>
    Regression,
    /// <summary>Some of the candidate could not be compared (unjudged, not run): exits 2 when nothing regressed.</summary>
    Unjudged,
    /// <summary>Would be a regression, but the test flips state too often in its history to say so.</summary>
    Flaky,
    /// <summary>Better than the baseline: a fix, a crash gone, coverage gained.</summary>
    Improvement,
    /// <summary>A change worth reading that is neither better nor worse.</summary>
    Info,
}

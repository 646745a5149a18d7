namespace ProbeHarness.Nightly;

/// <summary>What a night runs: a matrix (its kernels resolve to the newest served), the suites over it, the overhead figure.</summary>
public sealed record NightlyOptions
{
    public string Matrix { get; init; } = "bookworm";
    /// <summary>Suites run over the matrix, one after another; empty: the matrix's own suite.</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];
    /// <summary>Interleaved repetitions of the overhead benchmark on the matrix's first x86_64 kernel; 0 skips it.</summary>
    public int OverheadReps { get; init; } = 15;
    public int OverheadCalls { get; init; } = 20000;
    /// <summary>Measure the kprobe with the calibration's slowed handler in its place: checks that the night's gate catches a slower probe path.</summary>
    public bool InjectSlowHandler { get; init; }
    /// <summary>Points of the probe-point coverage really registered as a check of the rule; negative skips coverage.</summary>
    public int CoverageSample { get; init; } = 50;
    /// <summary>SystemTap tapset families whose probe aliases are checked to resolve without debuginfo; empty skips that coverage.</summary>
    public IReadOnlyList<string> TapsetFamilies { get; init; } = Coverage.TapsetCoverage.DefaultFamilies;
    /// <summary>Trace the probe machinery's functions while the suites run, and compare the ones exercised with the last good night.</summary>
    public bool MachineryCoverage { get; init; } = true;
    public string OutDirectory { get; init; } = "runs";
    public string? Database { get; init; }
    public int? Parallel { get; init; }
}

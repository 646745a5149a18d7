namespace ProbeHarness.Suites;

/// <summary>What a test expects. Exactly one of the failure kinds may be set.</summary>
/// <param name="Output">The exact output the probes must print (after trailing white space is trimmed).</param>
/// <param name="OutputMatches">A regular expression the whole output must match, instead of Output.</param>
/// <param name="Exit">The exit status the engine run must end with.</param>
/// <param name="XFail">The test is expected to fail; the reason why.</param>
/// <param name="KFail">A known failure: reason and bug reference.</param>
/// <param name="Crash">The guest kernel is expected to crash.</param>
public sealed record Expectation(
    string? Output,
    string? OutputMatches,
    int Exit,
    string? XFail,
    KnownFailure? KFail,
    ExpectedCrash? Crash)
{
    /// <summary>The engine must reject the script at this pass (1 parse … 4 compile, 5 run).</summary>
    public int? FailsAtPass { get; init; }

    /// <summary>Where the expected failure holds; elsewhere it has expired and the test must pass.</summary>
    public Conditions XFailWhen { get; init; } = Conditions.Always;

    public string? XFailBug { get; init; }

    /// <summary>An exact check of counts beside the output (harness/Stress), null when none.</summary>
    public Stress.IOutputOracle? Oracle { get; init; }

    /// <summary>
    /// The expectation as it stands in one cell: an XFAIL or KFAIL whose condition does not hold
    /// there has expired (the bug is fixed in that kernel or engine), so the test must pass.
    /// </summary>
    public Expectation In(CellFacts cell)
    {
        var xfail = XFail is not null && XFailWhen.Unmet(cell) is null ? XFail : null;
        var kfail = KFail is not null && KFail.When.Unmet(cell) is null ? KFail : null;
        // Where an expected or known failure holds, it is what the test expects instead of a crash.
        return this with { XFail = xfail, KFail = kfail, Crash = xfail is null && kfail is null ? Crash : null };
    }
}

/// <summary>A known failure: why, the bug, and where it holds (elsewhere it has expired).</summary>
public sealed record KnownFailure(string Reason, string? Bug)
{
    public Conditions When { get; init; } = Conditions.Always;
}

/// <summary>An expected guest crash: who should be blamed and, optionally, a pattern for its title.</summary>
public sealed record ExpectedCrash(string Culprit, string? TitleMatches, string? Reason);

/// <summary>One test of a suite: a probe script for some engines, a workload, an expectation.</summary>
/// <param name="Name">Unique within the suite.</param>
/// <param name="Engines">Engines it runs on (empty: all engines of the run).</param>
/// <param name="Arches">Architectures it runs on (empty: all).</param>
/// <param name="ScriptPath">The probe script (stap script or kprobe_events definitions), absolute.</param>
/// <param name="Workload">A command run in the guest while the probes are armed (null: none).</param>
/// <param name="Timeout">How long the guest part may take.</param>
/// <param name="Runtime">"patched" (default: declared runtime patches applied where needed) or "stock".</param>
/// <param name="Guru">The script needs guru mode (-g).</param>
/// <param name="Source">The suite file and line that defined the test, for messages.</param>
public sealed record SuiteTest(
    string Name,
    IReadOnlyList<string> Engines,
    IReadOnlyList<string> Arches,
    string ScriptPath,
    string? Workload,
    TimeSpan Timeout,
    string Runtime,
    bool Guru,
    Expectation Expect,
    string Source)
{
    /// <summary>Where the test applies; elsewhere it is UNSUPPORTED with the reason.</summary>
    public Conditions When { get; init; } = Conditions.Always;

    /// <summary>Prerequisites: "guru", "debuginfo", "workload".</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>The harness's own modules (vmimages/modules) loaded in the guest around the probes.</summary>
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>The last pass to run: 1 parse, 2 elaborate, 3 translate, 4 compile (host only), 5 run in a guest.</summary>
    public int LastPass { get; init; } = 5;

    /// <summary>The test belongs to an engine's cell (other engines' tests are not in it at all).</summary>
    public bool IsFor(string engine) => Engines.Count == 0 || Engines.Contains(engine);

    public bool RunsOn(string engine, string arch) =>
        IsFor(engine) && (Arches.Count == 0 || Arches.Contains(arch));

    /// <summary>Why the test cannot run in the cell (conditions, prerequisites), or null when it can.</summary>
    public string? Unsupported(CellFacts cell)
    {
        if (Arches.Count > 0 && !Arches.Contains(cell.Arch)) return $"runs on {string.Join(", ", Arches)} only";
        if (When.Unmet(cell) is { } why) return why;
        if (Needs.Contains("debuginfo") && !cell.HasDebuginfo) return "needs the kernel's DWARF debuginfo (the -dbg package), which this cell does not have";
        return null;
    }
}

/// <summary>A suite: its name, the file it came from and its tests.</summary>
public sealed record Suite(string Name, string Path, string Description, IReadOnlyList<SuiteTest> Tests)
{
    /// <summary>How the suite's runtime tests get their guests (suite.yaml's `guest`).</summary>
    public GuestMode Guest { get; init; } = GuestMode.Pristine;
}

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
    ExpectedCrash? Crash);

public sealed record KnownFailure(string Reason, string? Bug);

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
    public bool RunsOn(string engine, string arch) =>
        (Engines.Count == 0 || Engines.Contains(engine)) && (Arches.Count == 0 || Arches.Contains(arch));
}

/// <summary>A suite: its name, the file it came from and its tests.</summary>
public sealed record Suite(string Name, string Path, string Description, IReadOnlyList<SuiteTest> Tests);

namespace ProbeHarness.Engines.SystemTap;

/// <summary>What one stap run produced.</summary>
/// <param name="Success">stap exited 0 and (for pass 4) the module exists.</param>
/// <param name="KoPath">The module, when pass 4 made one.</param>
/// <param name="FailedPass">The pass that failed: 1 parse, 2 analysis, 3 translation, 4 compilation, 5 run;
/// 0 for setup before pass 1 (no build tree, bad option); null when it succeeded or timed out.</param>
/// <param name="Reason">The first relevant error lines, for a report; null on success.</param>
/// <param name="RuntimePatchId">The declared runtime patch used (-R), or null for the stock runtime.</param>
/// <param name="CommandLine">stap and its arguments exactly as run, for reproduction.</param>
public sealed record StapBuildResult(
    bool Success,
    string? KoPath,
    int? FailedPass,
    string? Reason,
    TimeSpan Duration,
    int ExitCode,
    bool TimedOut,
    string Stdout,
    string Stderr,
    string? RuntimePatchId,
    IReadOnlyList<string> CommandLine);

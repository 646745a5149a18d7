using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// One difference between a baseline and a candidate, whatever found it (states, crashes,
/// coverage, overhead): what it is, who is at fault, how bad, and where to reproduce it. Every
/// analyser returns these, so the gate, the files and the report pages treat them alike.
/// </summary>
/// <param name="Kind">What changed: new-failure, fixed, state-change, kfail-expired, crash-new, crash-gone, not-run, new-test, coverage-lost, coverage-gained, overhead-up, overhead-down, overhead-wall-clock (shown, not judged).</param>
/// <param name="Signature">Stable identity across runs (test and cell, crash title, probe point, measurement): dedups a finding from night to night.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Reproducer">The command and run directory that show it again, when there is one.</param>
/// <param name="Where">The test and cell it concerns, when it concerns one.</param>
public sealed record Finding(
    string Kind,
    Severity Severity,
    string Signature,
    Culprit Culprit,
    string Summary,
    string? Reproducer = null,
    FindingPlace? Where = null);

/// <summary>The test and cell of a finding; kernels on both sides, since a nightly compares a new ABI with an old one.</summary>
public sealed record FindingPlace(string Suite, string Test, string Arch, string Engine, string? BaseKernel, string? CandidateKernel,
    string? BaseState, string? CandidateState);

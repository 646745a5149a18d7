using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>
/// Where judged results live across runs. Implementations make each <see cref="Record"/> durable
/// before returning, so a harness that dies mid-run still leaves every verdict it reached.
/// Kept to plain operations so a PostgreSQL store can implement the same contract.
/// </summary>
public interface IResultStore : IDisposable
{
    /// <summary>Registers a run; later <see cref="Record"/> calls on this store belong to it.</summary>
    void BeginRun(RunInfo run);

    /// <summary>Stores one result of the current run in its own transaction; durable once this returns.</summary>
    void Record(TestResult result);

    void FinishRun(string runId, int exitCode, DateTimeOffset finished);

    /// <summary>Closes a run that stopped before its end (an exception, Ctrl-C) as aborted, with why.</summary>
    void AbortRun(string runId, string reason, int exitCode, DateTimeOffset finished);

    /// <summary>The results of one run, in the order they were recorded.</summary>
    IReadOnlyList<TestResult> Results(string runId);

    /// <summary>All runs, oldest first.</summary>
    IReadOnlyList<RunInfo> Runs();

    /// <summary>How a run ended, or null while it is unfinished (or the harness died during it).</summary>
    RunEnd? EndOf(string runId);
}

/// <summary>
/// The end of a run as recorded by <see cref="IResultStore.FinishRun"/>, or by <see cref="IResultStore.AbortRun"/>
/// with the reason in <paramref name="Aborted"/>.
/// </summary>
public sealed record RunEnd(int ExitCode, DateTimeOffset Finished, string? Aborted = null);

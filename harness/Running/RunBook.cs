using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// The record of one run as it happens: its identity and directory, the history each result goes
/// to the moment it is judged (so nothing judged is lost if the harness dies), and at the end the
/// gate and the files.
/// </summary>
public sealed class RunBook : IDisposable
{
    private readonly IResultStore _store;
    private readonly IRunObserver _observer;
    private readonly List<TestResult> _results = [];
    private readonly Dictionary<string, string> _sources = new();
    private readonly string _database;
    private bool _closed;
    private const string Stopped = "the harness stopped before the run finished";

    public RunInfo Info { get; }
    public string Directory => Info.RunDirectory;
    public IReadOnlyList<TestResult> Results => _results;

    private RunBook(RunInfo info, IResultStore store, IRunObserver observer, string database)
    {
        Info = info;
        _store = store;
        _observer = observer;
        _database = database;
    }

    public static RunBook Open(RunOptions options, HarnessCache cache, string suite, string arch, IRunObserver observer)
    {
        var start = RunStart.New(options.OutDirectory, $"{suite}-{arch}");
        // The history first: one that cannot be used leaves no run directory behind.
        var database = options.Database ?? Path.Combine(cache.Root, "history.sqlite");
        var store = ResultStores.Open(database);
        try
        {
            start.Make();
            var info = new RunInfo(start.Id, suite, start.Started, Environment.MachineName, start.Directory, HarnessVersion.Text);
            store.BeginRun(info);
            if (options.Shard is { } shard) Sharding.ShardHistory.AddGroup(store, shard, info.Id, options.Arch, options.Kernel);
            return new RunBook(info, store, observer, database);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Stores a judged result now; <paramref name="source"/> is its "Running X ..." file in the .sum.</summary>
    public void Record(TestResult result, string? source = null)
    {
        _store.Record(result);
        _results.Add(result);
        if (source is not null) _sources[result.Test] = source;
        _observer.TestFinished(result);
    }

    /// <summary>Stores a coverage figure of this run now.</summary>
    public void Record(CoverageRecord coverage) => CoverageRecords.Add(_store, coverage with { RunId = Info.Id });

    /// <summary>Gates, writes the run's files and closes the run in the history.</summary>
    public RunReport Finish()
    {
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Export);
        var exit = Gate.ExitCode(_results);
        var report = Export(exit);
        _store.FinishRun(Info.Id, exit, DateTimeOffset.UtcNow);
        _closed = true;
        return report;
    }

    private RunReport Export(int exit)
    {
        var report = new RunReport(Info, _results, exit);
        HarnessRun.Exporters(_sources.Count == 0 ? null : r => _sources.GetValueOrDefault(r.Test, $"{r.Suite}/{r.Test}"), _store)
            .Export(report, Directory);
        return report;
    }

    /// <summary>
    /// Closes the run as aborted with its reason, once; the results judged so far stay in the history
    /// and get their files (so a reader sees what was judged before it stopped).
    /// </summary>
    public void Abort(string reason, int exitCode = Gate.Unjudged)
    {
        if (_closed) return;
        _closed = true;
        try
        {
            Export(exitCode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The files are an extra; the history row is what must be closed.
        }
        _store.AbortRun(Info.Id, reason, exitCode, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Ends the book. A run left neither finished nor aborted (an exception went through its owner)
    /// is closed as aborted with a generic reason, which the CLI's handler (or a matrix group),
    /// knowing the exception, then replaces through <see cref="AbortedRuns"/>.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (_closed) return;
            Abort(Stopped);
            AbortedRuns.Remember(_database, Info.Id);
        }
        catch (Exception)
        {
            // Never hide the exception that is unwinding through the owner; the row stays unfinished.
        }
        finally { _store.Dispose(); }
    }
}

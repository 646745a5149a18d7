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

    public RunInfo Info { get; }
    public string Directory => Info.RunDirectory;
    public IReadOnlyList<TestResult> Results => _results;

    private RunBook(RunInfo info, IResultStore store, IRunObserver observer)
    {
        Info = info;
        _store = store;
        _observer = observer;
    }

    public static RunBook Open(RunOptions options, HarnessCache cache, string suite, string arch, IRunObserver observer)
    {
        var started = DateTimeOffset.UtcNow;
        var id = $"{started:yyyyMMdd-HHmmss}-{suite}-{arch}-{Guid.NewGuid().ToString("N")[..6]}";
        var dir = Path.GetFullPath(Path.Combine(options.OutDirectory, id));
        System.IO.Directory.CreateDirectory(dir);
        var info = new RunInfo(id, suite, started, Environment.MachineName, dir, HarnessVersion.Text);
        var store = ResultStores.Open(options.Database ?? Path.Combine(cache.Root, "history.sqlite"));
        store.BeginRun(info);
        return new RunBook(info, store, observer);
    }

    /// <summary>Stores a judged result now; <paramref name="source"/> is its "Running X ..." file in the .sum.</summary>
    public void Record(TestResult result, string? source = null)
    {
        _store.Record(result);
        _results.Add(result);
        if (source is not null) _sources[result.Test] = source;
        _observer.TestFinished(result);
    }

    /// <summary>Gates, writes the run's files and closes the run in the history.</summary>
    public RunReport Finish()
    {
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Export);
        var exit = Gate.ExitCode(_results);
        var report = new RunReport(Info, _results, exit);
        HarnessRun.Exporters(_sources.Count == 0 ? null : r => _sources.GetValueOrDefault(r.Test, $"{r.Suite}/{r.Test}"), _store)
            .Export(report, Directory);
        _store.FinishRun(Info.Id, exit, DateTimeOffset.UtcNow);
        return report;
    }

    public void Dispose() => _store.Dispose();
}

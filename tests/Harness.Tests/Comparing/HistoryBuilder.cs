using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Comparing;

/// <summary>A real SQLite history in a temporary folder, filled run by run, for comparison tests.</summary>
internal sealed class HistoryBuilder : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ph-compare-").FullName;
    private DateTimeOffset _clock = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);

    public HistoryBuilder() => Store = new SqliteResultStore(Path.Combine(_dir, "history.sqlite"));

    public SqliteResultStore Store { get; }
    public string Dir => _dir;
    public string DbPath => Path.Combine(_dir, "history.sqlite");

    public static TestResult Result(string test, TestState state, string kernel = "6.1.0-53-amd64", string engine = "kprobe_events-kernel",
        string arch = "x86_64", CrashInfo? crash = null) =>
        new("smoke", test, new Cell(arch, kernel, engine), state,
            state is TestState.Pass or TestState.XFail or TestState.KFail ? Culprit.None : Culprit.Kernel, null, TimeSpan.FromSeconds(1), "", crash);

    /// <summary>A finished run of the given results; its gate as the harness would give it.</summary>
    public string Run(params TestResult[] results) => Run(null, results);

    public string Run(string? id, params TestResult[] results)
    {
        _clock = _clock.AddDays(1);
        id ??= $"run-{_clock:MMdd}";
        var dir = Path.Combine(_dir, id);
        Store.BeginRun(new RunInfo(id, "smoke", _clock, "host", dir, "0"));
        foreach (var r in results) Store.Record(r);
        Store.FinishRun(id, ProbeHarness.Running.Gate.ExitCode(results), _clock.AddHours(1));
        return id;
    }

    /// <summary>A night: its member runs and the set run that stands for them, with the night's own gate.</summary>
    public string Night(int exit, params TestResult[][] groups)
    {
        var members = groups.Select(g => Run(g)).ToList();
        var id = $"night-{_clock:MMdd}";
        Store.BeginRun(new RunInfo(id, "smoke", _clock.AddMinutes(1), "host", Path.Combine(_dir, id), "0"));
        Store.FinishRun(id, exit, _clock.AddHours(2));
        RunSets.Add(Store, new RunSet(id, "nightly", "bookworm", members));
        return id;
    }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

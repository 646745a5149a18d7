using System.Data.Common;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>
/// The history over any ADO.NET connection: the SQL is the same for SQLite and PostgreSQL, each
/// write is its own committed transaction, so a crash loses nothing already recorded.
/// </summary>
public abstract class DbResultStore : IResultStore
{
    private readonly DbConnection _db;
    private readonly TimeProvider _clock;
    private string? _currentRun;

    protected DbResultStore(DbConnection db, TimeProvider? clock)
    {
        _db = db;
        _clock = clock ?? TimeProvider.System;
    }

    protected DbConnection Connection => _db;

    /// <summary>The connection, for the tables beside runs and results (<see cref="RunSets"/>, <see cref="Measurements"/>).</summary>
    internal DbConnection Db => _db;

    public void BeginRun(RunInfo run)
    {
        Write("""
            INSERT INTO runs (id, suite, started, host, run_directory, harness_version)
            VALUES (@id, @suite, @started, @host, @dir, @version)
            """, p =>
        {
            p.AddWithValue("id", run.Id);
            p.AddWithValue("suite", run.Suite);
            p.AddWithValue("started", Timestamps.Write(run.Started));
            p.AddWithValue("host", run.Host);
            p.AddWithValue("dir", run.RunDirectory);
            p.AddWithValue("version", run.HarnessVersion);
        });
        _currentRun = run.Id;
    }

    public void Record(TestResult result)
    {
        var runId = _currentRun ?? throw new InvalidOperationException("Record called before BeginRun");
        using var tx = _db.BeginTransaction();
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO results ({ResultRow.Columns}) VALUES ({ResultRow.Parameters})";
        ResultRow.Bind(cmd, runId, _clock.GetUtcNow(), result);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public void FinishRun(string runId, int exitCode, DateTimeOffset finished)
    {
        var changed = Write("UPDATE runs SET finished = @finished, exit_code = @code, status = 'finished' WHERE id = @id", p =>
        {
            p.AddWithValue("finished", Timestamps.Write(finished));
            p.AddWithValue("code", (long)exitCode);
            p.AddWithValue("id", runId);
        });
        if (changed != 1) throw new InvalidOperationException($"no run '{runId}' to finish");
    }

    public void AbortRun(string runId, string reason, int exitCode, DateTimeOffset finished)
    {
        var changed = Write("UPDATE runs SET finished = @finished, exit_code = @code, status = 'aborted', reason = @reason WHERE id = @id", p =>
        {
            p.AddWithValue("finished", Timestamps.Write(finished));
            p.AddWithValue("code", (long)exitCode);
            p.AddWithValue("reason", reason);
            p.AddWithValue("id", runId);
        });
        if (changed != 1) throw new InvalidOperationException($"no run '{runId}' to abort");
    }

    public IReadOnlyList<TestResult> Results(string runId) =>
        Query($"SELECT {ResultRow.Columns} FROM results WHERE run_id = @id ORDER BY id", runId, ResultRow.Read);

    public IReadOnlyList<RunInfo> Runs() =>
        Query("SELECT id, suite, started, host, run_directory, harness_version FROM runs ORDER BY started, id", null,
            row => new RunInfo(Text(row, 0), Text(row, 1), Timestamps.Read(row.GetString(2)),
                Text(row, 3), Text(row, 4), Text(row, 5)));

    private static string Text(DbDataReader row, int i) => StoredText.Decode(row.GetString(i));

    public RunEnd? EndOf(string runId) =>
        Query("SELECT exit_code, finished, status, reason FROM runs WHERE id = @id AND finished IS NOT NULL", runId,
            row => new RunEnd((int)Convert.ToInt64(row.GetValue(0)), Timestamps.Read(row.GetString(1)),
                !row.IsDBNull(2) && row.GetString(2) == "aborted" ? (row.IsDBNull(3) ? "" : Text(row, 3)) : null)).FirstOrDefault();

    public void Dispose() => _db.Dispose();

    private List<T> Query<T>(string sql, string? id, Func<DbDataReader, T> read)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        if (id is not null) new Binder(cmd).AddWithValue("id", id);
        using var row = cmd.ExecuteReader();
        var list = new List<T>();
        while (row.Read()) list.Add(read(row));
        return list;
    }

    private int Write(string sql, Action<Binder> bind)
    {
        using var tx = _db.BeginTransaction();
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        bind(new Binder(cmd));
        var n = cmd.ExecuteNonQuery();
        tx.Commit();
        return n;
    }
}

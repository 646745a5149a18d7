using Microsoft.Data.Sqlite;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>
/// Run history in one SQLite file. WAL journal and a busy timeout let two harness processes
/// write the same file; every write is its own committed transaction, so a crash loses nothing
/// already recorded. The caller decides where the file lives.
/// </summary>
public sealed class SqliteResultStore : IResultStore
{
    private readonly SqliteConnection _db;
    private readonly TimeProvider _clock;
    private string? _currentRun;

    public SqliteResultStore(string path, TimeProvider? clock = null, TimeSpan? busyTimeout = null)
    {
        _clock = clock ?? TimeProvider.System;
        var wait = busyTimeout ?? TimeSpan.FromSeconds(30);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // No pooling: Dispose must really close the file, or a "crashed" store would keep it open.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(wait.TotalSeconds),
        }.ToString();
        _db = new SqliteConnection(cs);
        _db.Open();
        // busy_timeout first: switching to WAL itself needs a lock another process may hold.
        Pragma($"busy_timeout = {(long)wait.TotalMilliseconds}");
        Pragma("journal_mode = WAL");
        // FULL: a commit survives power loss too, not only a harness crash; results are few and small.
        Pragma("synchronous = FULL");
        Pragma("foreign_keys = ON");
        SqliteSchema.Create(_db);
    }

    public void BeginRun(RunInfo run)
    {
        Write("""
            INSERT INTO runs (id, suite, started, host, run_directory, harness_version)
            VALUES ($id, $suite, $started, $host, $dir, $version)
            """, p =>
        {
            p.AddWithValue("$id", run.Id);
            p.AddWithValue("$suite", run.Suite);
            p.AddWithValue("$started", Timestamps.Write(run.Started));
            p.AddWithValue("$host", run.Host);
            p.AddWithValue("$dir", run.RunDirectory);
            p.AddWithValue("$version", run.HarnessVersion);
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
        var changed = Write("UPDATE runs SET finished = $finished, exit_code = $code WHERE id = $id", p =>
        {
            p.AddWithValue("$finished", Timestamps.Write(finished));
            p.AddWithValue("$code", exitCode);
            p.AddWithValue("$id", runId);
        });
        if (changed != 1) throw new InvalidOperationException($"no run '{runId}' to finish");
    }

    public IReadOnlyList<TestResult> Results(string runId)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT {ResultRow.Columns} FROM results WHERE run_id = $id ORDER BY id";
        cmd.Parameters.AddWithValue("$id", runId);
        using var row = cmd.ExecuteReader();
        var list = new List<TestResult>();
        while (row.Read()) list.Add(ResultRow.Read(row));
        return list;
    }

    public IReadOnlyList<RunInfo> Runs()
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT id, suite, started, host, run_directory, harness_version FROM runs ORDER BY started, id";
        using var row = cmd.ExecuteReader();
        var list = new List<RunInfo>();
        while (row.Read())
            list.Add(new RunInfo(row.GetString(0), row.GetString(1), Timestamps.Read(row.GetString(2)),
                row.GetString(3), row.GetString(4), row.GetString(5)));
        return list;
    }

    public RunEnd? EndOf(string runId)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT exit_code, finished FROM runs WHERE id = $id AND finished IS NOT NULL";
        cmd.Parameters.AddWithValue("$id", runId);
        using var row = cmd.ExecuteReader();
        return row.Read() ? new RunEnd((int)row.GetInt64(0), Timestamps.Read(row.GetString(1))) : null;
    }

    public void Dispose() => _db.Dispose();

    private int Write(string sql, Action<SqliteParameterCollection> bind)
    {
        using var tx = _db.BeginTransaction();
        using var cmd = _db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        bind(cmd.Parameters);
        var n = cmd.ExecuteNonQuery();
        tx.Commit();
        return n;
    }

    private void Pragma(string pragma)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "PRAGMA " + pragma;
        cmd.ExecuteNonQuery();
    }
}

using Microsoft.Data.Sqlite;

namespace ProbeHarness.Results;

/// <summary>
/// Run history in one SQLite file, the default. WAL journal and a busy timeout let two harness
/// processes write the same file. The caller decides where the file lives.
/// </summary>
public sealed class SqliteResultStore : DbResultStore
{
    public SqliteResultStore(string path, TimeProvider? clock = null, TimeSpan? busyTimeout = null)
        : base(Open(path, busyTimeout ?? TimeSpan.FromSeconds(30)), clock)
    {
        HistorySchema.Create(Connection, "INTEGER PRIMARY KEY");
    }

    private static SqliteConnection Open(string path, TimeSpan wait)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // No pooling: Dispose must really close the file, or a "crashed" store would keep it open.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(wait.TotalSeconds),
        }.ToString();
        var db = new SqliteConnection(cs);
        db.Open();
        // busy_timeout first: switching to WAL itself needs a lock another process may hold.
        Pragma(db, $"busy_timeout = {(long)wait.TotalMilliseconds}");
        Pragma(db, "journal_mode = WAL");
        // FULL: a commit survives power loss too, not only a harness crash; results are few and small.
        Pragma(db, "synchronous = FULL");
        Pragma(db, "foreign_keys = ON");
        return db;
    }

    private static void Pragma(SqliteConnection db, string pragma)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA " + pragma;
        cmd.ExecuteNonQuery();
    }
}

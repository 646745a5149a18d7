using System.Data.Common;

namespace ProbeHarness.Results;

/// <summary>
/// The history database layout, the same in SQLite and PostgreSQL: plain types (TEXT, BIGINT) and
/// ISO-8601 text timestamps; only the results' key column is the dialect's own.
/// </summary>
internal static class HistorySchema
{
    /// <summary>Bump with a migration step in <see cref="Migrations"/> when the layout changes.</summary>
    public const int Version = 2;

    /// <summary>
    /// The steps from each older version to the next, in plain SQL both dialects run. Version 2: a
    /// run's status (finished, aborted; NULL while it runs or when the harness died) and the reason it aborted.
    /// </summary>
    private static readonly IReadOnlyDictionary<int, string[]> Migrations = new Dictionary<int, string[]>
    {
        [1] =
        [
            "ALTER TABLE runs ADD COLUMN status TEXT NULL",
            "ALTER TABLE runs ADD COLUMN reason TEXT NULL",
            "UPDATE runs SET status = 'finished' WHERE finished IS NOT NULL",
        ],
    };

    private const string DdlTemplate = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id              TEXT PRIMARY KEY,
            suite           TEXT NOT NULL,
            started         TEXT NOT NULL,
            host            TEXT NOT NULL,
            run_directory   TEXT NOT NULL,
            harness_version TEXT NOT NULL,
            finished        TEXT NULL,
            exit_code       BIGINT NULL,
            status          TEXT NULL,
            reason          TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS results (
            id             {key},
            run_id         TEXT NOT NULL REFERENCES runs(id),
            recorded       TEXT NOT NULL,
            suite          TEXT NOT NULL,
            test           TEXT NOT NULL,
            arch           TEXT NOT NULL,
            kernel         TEXT NOT NULL,
            engine         TEXT NOT NULL,
            state          TEXT NOT NULL,
            culprit        TEXT NOT NULL,
            reason         TEXT NULL,
            duration_ms    BIGINT NOT NULL,
            output         TEXT NOT NULL,
            crash_title    TEXT NULL,
            crash_kind     TEXT NULL,
            crash_culprit  TEXT NULL,
            crash_corrupted BIGINT NULL,
            crash_probe    TEXT NULL,
            crash_excerpt  TEXT NULL,
            console_log    TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS results_by_run ON results(run_id, id);
        """;

    /// <summary>
    /// Creates the tables if missing, inside one transaction that <paramref name="serialise"/> first
    /// makes exclusive, so two processes opening a fresh database at once do not both insert a version row.
    /// </summary>
    /// <param name="keyColumn">The results table's key: "INTEGER PRIMARY KEY" (SQLite), "BIGSERIAL PRIMARY KEY" (PostgreSQL).</param>
    public static void Create(DbConnection db, string keyColumn, string? serialise = null)
    {
        using var tx = db.BeginTransaction();
        if (serialise is not null) Exec(db, tx, serialise);
        Exec(db, tx, DdlTemplate.Replace("{key}", keyColumn));
        Exec(db, tx, ComparisonSchema.Ddl);
        Exec(db, tx, ShardSchema.Ddl);
        using var read = db.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT MAX(version) FROM schema_version";
        var found = read.ExecuteScalar();
        if (found is null or DBNull)
            Exec(db, tx, $"INSERT INTO schema_version (version) VALUES ({Version})");
        else if (Convert.ToInt32(found) > Version)
            throw new InvalidOperationException(
                $"history database has schema version {found}, newer than this harness understands ({Version})");
        else
        {
            // An older history stays readable: its tables gain what this version adds, in the same transaction.
            var version = Convert.ToInt32(found);
            for (; version < Version; version++)
                foreach (var step in Migrations[version]) Exec(db, tx, step);
            if (Convert.ToInt32(found) < Version) Exec(db, tx, $"UPDATE schema_version SET version = {Version}");
        }
        tx.Commit();
    }

    private static void Exec(DbConnection db, DbTransaction tx, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

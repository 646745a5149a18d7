using Microsoft.Data.Sqlite;
using NUnit.Framework;
using ProbeHarness.Results;

namespace ProbeHarness.Tests.Results;

/// <summary>A history written by an older harness stays readable, and learns to say a run aborted.</summary>
public class HistoryMigrationTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("ph-migrate-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    // The layout of schema version 1, as the first harness wrote it.
    private const string Version1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (1);
        CREATE TABLE runs (id TEXT PRIMARY KEY, suite TEXT NOT NULL, started TEXT NOT NULL, host TEXT NOT NULL,
            run_directory TEXT NOT NULL, harness_version TEXT NOT NULL, finished TEXT NULL, exit_code BIGINT NULL);
        INSERT INTO runs VALUES ('old-finished', 'smoke', '2026-01-01T00:00:00.0000000+00:00', 'h', '/r/1', '0.1', '2026-01-01T00:10:00.0000000+00:00', 1);
        INSERT INTO runs VALUES ('old-died', 'smoke', '2026-01-02T00:00:00.0000000+00:00', 'h', '/r/2', '0.1', NULL, NULL);
        """;

    [Test]
    public void A_version_1_history_opens_keeps_its_runs_and_can_abort_a_run()
    {
        var db = Path.Combine(_dir, "old.sqlite");
        using (var raw = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = Version1;
            cmd.ExecuteNonQuery();
        }
        using (var store = ResultStores.Open(db))
        {
            Assert.That(store.Runs().Select(r => r.Id), Is.EqualTo(new[] { "old-finished", "old-died" }));
            Assert.That(store.EndOf("old-finished"), Is.EqualTo(new RunEnd(1, DateTimeOffset.Parse("2026-01-01T00:10:00Z"))));
            Assert.That(store.EndOf("old-died"), Is.Null);
            store.AbortRun("old-died", "found unfinished", 2, DateTimeOffset.Parse("2026-01-03T00:00:00Z"));
        }
        using var reopened = ResultStores.Open(db);
        Assert.That(reopened.EndOf("old-died"), Is.EqualTo(new RunEnd(2, DateTimeOffset.Parse("2026-01-03T00:00:00Z"), "found unfinished")));
        using var raw2 = new SqliteConnection($"Data Source={db};Pooling=False");
        raw2.Open();
        using var version = raw2.CreateCommand();
        version.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.That(Convert.ToInt32(version.ExecuteScalar()), Is.EqualTo(2));
    }

    [Test]
    public void A_file_that_is_not_a_database_is_a_history_exception_naming_it()
    {
        var db = Path.Combine(_dir, "junk.sqlite");
        File.WriteAllText(db, string.Concat(Enumerable.Repeat("junk junk junk\n", 100)));
        var e = Assert.Throws<HistoryException>(() => ResultStores.Open(db))!;
        Assert.That(e.Message, Is.EqualTo($"history database {db}: SQLite Error 26: 'file is not a database'."));
    }

    [TestCase("postgres://ph:s3cret@db.example/history", "postgres://ph:***@db.example/history")]
    [TestCase("Host=db;Username=ph;Password=s3cret;Database=h", "Host=db;Username=ph;Password=***;Database=h")]
    [TestCase("/var/lib/history.sqlite", "/var/lib/history.sqlite")]
    public void A_printed_database_hides_its_password(string db, string shown) =>
        Assert.That(ResultStores.Redacted(db), Is.EqualTo(shown));
}

using NUnit.Framework;
using ProbeHarness.Results;
using ProbeHarness.Tests.Exporters;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Results;

/// <summary>The same contract for both histories: a SQLite file and a real PostgreSQL server.</summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[Category("Database")]
public class ResultStoreTests(string kind)
{
    private string _dir = "";
    private string Db = "";

    [SetUp]
    public async Task MakeDatabase()
    {
        _dir = Directory.CreateTempSubdirectory("ph-store-").FullName;
        Db = kind == "sqlite" ? Path.Combine(_dir, "history.sqlite") : await (await LocalPostgres.SharedAsync()).NewDatabaseAsync();
    }

    private IResultStore Open() => ResultStores.Open(Db);

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ResultsRoundTripWithEveryField()
    {
        using var store = Open();
        store.BeginRun(SampleRun.Info);
        foreach (var r in SampleRun.Results) store.Record(r);
        var finished = SampleRun.Info.Started.AddMinutes(5);
        store.FinishRun(SampleRun.Info.Id, 1, finished);

        Assert.Multiple(() =>
        {
            Assert.That(store.Results(SampleRun.Info.Id), Is.EqualTo(SampleRun.Results));
            Assert.That(store.Runs(), Is.EqualTo(new[] { SampleRun.Info }));
            Assert.That(store.EndOf(SampleRun.Info.Id), Is.EqualTo(new RunEnd(1, finished)));
        });
    }

    [Test]
    public void ARecordedResultSurvivesAStoreDroppedWithoutFinishRun()
    {
        var first = SampleRun.Results[2];
        using (var store = Open())
        {
            store.BeginRun(SampleRun.Info);
            store.Record(first);
            // No FinishRun: the harness died here.
        }
        using var reopened = Open();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Results(SampleRun.Info.Id), Is.EqualTo(new[] { first }));
            Assert.That(reopened.EndOf(SampleRun.Info.Id), Is.Null);
        });
    }

    [Test]
    public void TwoStoresOnOneFileBothWrite()
    {
        var other = SampleRun.Info with { Id = "second", Started = SampleRun.Info.Started.AddHours(1) };
        using var a = Open();
        using var b = Open();
        a.BeginRun(SampleRun.Info);
        b.BeginRun(other);
        Parallel.Invoke(
            () => { foreach (var r in SampleRun.Results) a.Record(r); },
            () => { foreach (var r in SampleRun.Results) b.Record(r with { Test = "b-" + r.Test }); });

        Assert.Multiple(() =>
        {
            Assert.That(a.Results(other.Id).Select(r => r.Test), Is.EqualTo(SampleRun.Results.Select(r => "b-" + r.Test)),
                "each store sees the other's commits");
            Assert.That(b.Results(SampleRun.Info.Id), Is.EqualTo(SampleRun.Results));
            Assert.That(a.Runs().Select(r => r.Id), Is.EqualTo(new[] { SampleRun.Info.Id, "second" }));
        });
    }

    [Test]
    public void RecordBeforeBeginRunIsRefused()
    {
        using var store = Open();
        Assert.Throws<InvalidOperationException>(() => store.Record(SampleRun.Results[0]));
    }

    [Test]
    public void ReopeningKeepsOneSchemaVersionRow()
    {
        Open().Dispose();
        Open().Dispose();
        using System.Data.Common.DbConnection db = kind == "sqlite"
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False")
            : new Npgsql.NpgsqlConnection(Db);
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version";
        using var row = cmd.ExecuteReader();
        row.Read();
        Assert.That((Convert.ToInt64(row.GetValue(0)), Convert.ToInt64(row.GetValue(1))), Is.EqualTo((1L, (long)HistorySchema.Version)));
    }

    [Test]
    public void AnAbortedRunSaysWhyAndKeepsWhatWasJudged()
    {
        using (var store = Open())
        {
            store.BeginRun(SampleRun.Info);
            store.Record(SampleRun.Results[0]);
            store.AbortRun(SampleRun.Info.Id, "harness: failed (infrastructure): mirror \u0000 said 503", 2, SampleRun.Info.Started.AddMinutes(1));
        }
        using var reopened = Open();
        Assert.Multiple(() =>
        {
            Assert.That(reopened.EndOf(SampleRun.Info.Id),
                Is.EqualTo(new RunEnd(2, SampleRun.Info.Started.AddMinutes(1), "harness: failed (infrastructure): mirror \u0000 said 503")));
            Assert.That(reopened.Results(SampleRun.Info.Id), Is.EqualTo(new[] { SampleRun.Results[0] }));
            Assert.Throws<InvalidOperationException>(() => reopened.AbortRun("no-such-run", "x", 2, DateTimeOffset.UtcNow));
        });
    }
}

public class StoredTextTests
{
    [FsCheck.NUnit.Property(MaxTest = 500)]
    public bool Any_text_round_trips_and_never_holds_NUL(string s)
    {
        s ??= "";
        var stored = StoredText.Encode(s);
        return !stored.Contains('\0') && StoredText.Decode(stored) == s;
    }

    [Test]
    public void Text_without_NUL_or_the_escape_is_stored_as_is() =>
        Assert.That(StoredText.Encode("[ 1.0] BUG: x\\0"), Is.EqualTo("[ 1.0] BUG: x\\0"));
}

using NUnit.Framework;
using ProbeHarness.Results;
using ProbeHarness.Tests.Exporters;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Results;

public class SqliteResultStoreTests
{
    private string _dir = "";
    private string Db => Path.Combine(_dir, "history.sqlite");

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("ph-store-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ResultsRoundTripWithEveryField()
    {
        using var store = new SqliteResultStore(Db);
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
        using (var store = new SqliteResultStore(Db))
        {
            store.BeginRun(SampleRun.Info);
            store.Record(first);
            // No FinishRun: the harness died here.
        }
        using var reopened = new SqliteResultStore(Db);
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
        using var a = new SqliteResultStore(Db);
        using var b = new SqliteResultStore(Db);
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
        using var store = new SqliteResultStore(Db);
        Assert.Throws<InvalidOperationException>(() => store.Record(SampleRun.Results[0]));
    }

    [Test]
    public void ReopeningKeepsOneSchemaVersionRow()
    {
        new SqliteResultStore(Db).Dispose();
        new SqliteResultStore(Db).Dispose();
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version";
        using var row = cmd.ExecuteReader();
        row.Read();
        Assert.That((row.GetInt64(0), row.GetInt64(1)), Is.EqualTo((1L, 1L)));
    }
}

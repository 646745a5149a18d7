using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Tests.Cli;

public class ReportCommandTests
{
    [Test]
    public void A_run_whose_harness_died_is_exported_from_the_database()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ph-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "h.sqlite");
        var info = new RunInfo("r1", "smoke", DateTimeOffset.UtcNow, "host", Path.Combine(dir, "gone"), "0.0.0");
        var cell = new Cell("x86_64", "6.1.0-56-amd64", "kprobe_events-kernel");
        using (var store = new SqliteResultStore(db))
        {
            store.BeginRun(info);
            store.Record(new TestResult("smoke", "a", cell, TestState.Pass, Culprit.None, null, TimeSpan.FromSeconds(1), "ok"));
            store.Record(new TestResult("smoke", "b", cell, TestState.Fail, Culprit.Kernel, "oops", TimeSpan.FromSeconds(2), ""));
            // No FinishRun: the harness died here.
        }
        var writer = new StringWriter();
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.Settings.Registrar.RegisterInstance<IAnsiConsole>(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }));
            c.Settings.Registrar.RegisterInstance(new CliStreams(writer, writer));
            c.AddCommand<ReportCommand>("report");
        });
        var exit = app.Run(["report", "r1", "--db", db, "--out", Path.Combine(dir, "out")]);
        Assert.That(exit, Is.EqualTo(1), "the gate of the stored results: one FAIL");
        var sum = File.ReadAllLines(Path.Combine(dir, "out", "smoke.sum"));
        Assert.That(sum, Has.Some.StartsWith("PASS: a").And.Some.StartsWith("FAIL: b"));
        Assert.That(File.Exists(Path.Combine(dir, "out", "junit.xml")));
        Directory.Delete(dir, true);
    }

    [Test]
    public async Task A_sharded_run_reports_whole_and_merge_closes_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ph-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "h.sqlite");
        var matrix = new ProbeHarness.Running.Matrix("two", "smoke", [
            new ProbeHarness.Running.CellGroup("x86_64", "bookworm", ["kprobe_events"]), new ProbeHarness.Running.CellGroup("x86_64", "trixie", ["kprobe_events"])]);
        var planned = ProbeHarness.Sharding.ShardPlan.Tests(matrix, 2);
        var info = new RunInfo("s1", "smoke", DateTimeOffset.UtcNow, "login", Path.Combine(dir, "s1"), "0.0.0");
        using (var store = new SqliteResultStore(db))
        {
            ProbeHarness.Sharding.ShardHistory.Join(store, info, matrix.Name);
            ProbeHarness.Sharding.ShardHistory.Plan(store, "s1", 2, planned, i => $"7_{i}", [0, 1]);
            var shard0 = new ProbeHarness.Sharding.Shard(0, 2);
            ProbeHarness.Sharding.ShardHistory.Started(store, "s1", shard0, "node0", null, DateTimeOffset.UtcNow);
            store.BeginRun(info with { Id = "g0" });
            ProbeHarness.Sharding.ShardHistory.AddGroup(store, new(info.Id, shard0), "g0", "x86_64", "bookworm");
            foreach (var t in planned.Where(t => t.Shard == 0))
                store.Record(new TestResult("smoke", t.Test, new Cell("x86_64", "6.1.0-57-amd64", "kprobe_events-kernel"), TestState.Pass, Culprit.None, null, TimeSpan.Zero, ""));
            store.FinishRun("g0", 0, DateTimeOffset.UtcNow);
            ProbeHarness.Sharding.ShardHistory.Ended(store, "s1", shard0, 0, DateTimeOffset.UtcNow);
            // Shard 1 never started.
        }
        var writer = new StringWriter();
        Task<int> Run(params string[] args) =>
            HarnessApp.RunAsync(args, TerminalConsole.For(writer, isTerminal: false), new CliStreams(writer, writer), CancellationToken.None);
        var exit = await Run("report", "s1", "--db", db, "--out", Path.Combine(dir, "out"));
        var sum = File.ReadAllText(Path.Combine(dir, "out", "smoke.sum"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ProbeHarness.Running.Gate.Unjudged), "shard 1's tests are owed");
            Assert.That(writer.ToString(), Does.Contain("node0").And.Contain("7_1").And.Contain("never"));
            foreach (var t in planned)
                Assert.That(sum, Does.Contain((t.Shard == 0 ? "PASS: " : "UNRESOLVED: ") + t.Test), "every planned test, owed ones UNRESOLVED");
        });
        writer.GetStringBuilder().Clear();
        Assert.That(await Run("merge", "s1", "--db", db), Is.EqualTo(ProbeHarness.Running.Gate.Unjudged));
        Assert.That(writer.ToString(), Does.Contain("shard 1/2 (job 7_1) never started").And.Contain("planned but unrecorded"));
        Assert.That(await Run("merge", "nope", "--db", db), Is.EqualTo(ProbeHarness.Running.Gate.Unjudged));
        Assert.That(writer.ToString(), Does.Contain("no sharded run 'nope'"));
        Directory.Delete(dir, true);
    }
}

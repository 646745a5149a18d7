using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Processes;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// `merge` refuses while a shard may still be running: an end recorded ends it; Slurm, when it
/// answers, decides for its jobs; otherwise a recent start without an end is running and an old one
/// dead. The rules with a Slurm of the test's own, then the command on a real SQLite history.
/// </summary>
public class ShardLivenessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 16, 0, 0, TimeSpan.Zero);

    private static ShardState S(int i, string? job, TimeSpan? startedAgo, bool ended = false) =>
        new(i, 4, "node" + i, job, Now - startedAgo, ended ? Now : null, ended ? 0 : null);

    private static async Task<IReadOnlyList<int>> Live(SlurmAnswer slurm, params ShardState[] shards)
    {
        var asked = new List<string>();
        var liveness = new ShardLiveness((job, _) => { asked.Add(job); return Task.FromResult(slurm); }, TimeSpan.FromHours(24));
        var live = await liveness.StillRunningAsync(shards, Now, CancellationToken.None);
        Assert.That(asked, Has.All.Match("^[0-9]+(_[0-9]+)?$"), "only Slurm's own job ids are asked of Slurm");
        return live.Select(l => l.Shard.Index).ToList();
    }

    [Test]
    public async Task A_shard_with_an_end_has_ended_whatever_else() =>
        Assert.That(await Live(SlurmAnswer.In("RUNNING"), S(0, "7_0", TimeSpan.FromMinutes(5), ended: true)), Is.Empty);

    [Test]
    public async Task Without_a_job_engine_to_ask_a_recent_start_runs_and_an_old_one_is_dead()
    {
        var shards = new[] { S(0, null, TimeSpan.FromMinutes(5)), S(1, "k8s-pod-1 (index 1)", TimeSpan.FromHours(23)), S(2, null, TimeSpan.FromHours(25)),
            S(3, "gitlab 12", null) };
        Assert.That(await Live(SlurmAnswer.Unknown("unused"), shards), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task Slurm_decides_for_its_jobs_when_it_answers()
    {
        Assert.That(await Live(SlurmAnswer.In("RUNNING"), S(0, "7_0", TimeSpan.FromHours(30))), Is.EqualTo(new[] { 0 }), "running after a day: Slurm knows");
        Assert.That(await Live(SlurmAnswer.In("PENDING"), S(1, "7_1", null)), Is.EqualTo(new[] { 1 }), "queued, not started yet");
        Assert.That(await Live(SlurmAnswer.Gone, S(2, "7_2", TimeSpan.FromMinutes(3))), Is.Empty, "killed a minute after it started");
        Assert.That(await Live(SlurmAnswer.In("CANCELLED"), S(3, "8", TimeSpan.FromMinutes(3))), Is.Empty, "an end state in the queue's memory");
    }

    [Test]
    public async Task When_Slurm_cannot_tell_the_start_decides_and_the_reason_says_so()
    {
        var liveness = new ShardLiveness((_, _) => Task.FromResult(SlurmAnswer.Unknown("Unable to contact slurm controller")), TimeSpan.FromHours(24));
        var live = await liveness.StillRunningAsync([S(0, "7_0", TimeSpan.FromMinutes(10)), S(1, "7_1", TimeSpan.FromHours(48))], Now, CancellationToken.None);
        Assert.That(live.Select(l => l.Shard.Index), Is.EqualTo(new[] { 0 }));
        Assert.That(live[0].Why, Does.Contain("node0").And.Contain("job 7_0").And.Contain("10 min ago").And.Contain("Unable to contact slurm controller"));
    }

    [TestCase(0, "RUNNING\n", "", true, "RUNNING")]
    [TestCase(0, "PENDING\n", "", true, "PENDING")]
    [TestCase(0, "COMPLETED\n", "", true, "COMPLETED")]
    [TestCase(0, "", "", false, "not in the queue")]
    [TestCase(1, "", "slurm_load_jobs error: Invalid job id specified\n", false, "not in the queue")]
    [TestCase(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n", null, "Unable to contact")]
    public void What_squeue_says(int exit, string stdout, string stderr, bool? listed, string detail)
    {
        var answer = ShardLiveness.Read(new ToolResult("squeue", exit, stdout, stderr, TimeSpan.Zero, false));
        Assert.That(answer.Listed, Is.EqualTo(listed));
        Assert.That(answer.Detail, Does.Contain(detail));
    }

    /// <summary>The command on a SQLite history: refuses (exit 2, the shard named) while a shard runs, merges with --force or once it is stale.</summary>
    [Test]
    public async Task Merge_refuses_while_a_shard_runs_unless_forced()
    {
        var dir = Directory.CreateTempSubdirectory("ph-merge-").FullName;
        try
        {
            var matrix = new Matrix("two", "smoke", [new CellGroup("x86_64", "bookworm", ["kprobe_events"]), new CellGroup("x86_64", "trixie", ["kprobe_events"])]);
            var planned = ShardPlan.Tests(matrix, 2);
            string Db(string id)
            {
                var db = Path.Combine(dir, id + ".sqlite");
                using var store = new SqliteResultStore(db);
                ShardHistory.Join(store, new RunInfo(id, "smoke", DateTimeOffset.UtcNow, "login", Path.Combine(dir, id), "0.0.0"), matrix.Name);
                ShardHistory.Plan(store, id, 2, planned, shards: [0, 1]);
                ShardHistory.Started(store, id, new Shard(0, 2), "node0", null, DateTimeOffset.UtcNow.AddMinutes(-1));
                ShardHistory.Ended(store, id, new Shard(0, 2), 0, DateTimeOffset.UtcNow);
                return db;
            }
            var writer = new StringWriter();
            Task<int> Run(params string[] args)
            {
                writer.GetStringBuilder().Clear();
                return HarnessApp.RunAsync(args, TerminalConsole.For(writer, isTerminal: false), new CliStreams(writer, writer), CancellationToken.None);
            }

            // Shard 1 started five minutes ago on a pod and recorded no end.
            var running = Db("r1");
            using (var store = new SqliteResultStore(running))
                ShardHistory.Started(store, "r1", new Shard(1, 2), "pod-1", "probe-harness-two-1-x (index 1)", DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.That(await Run("merge", "r1", "--db", running), Is.EqualTo(Gate.Unjudged));
            Assert.That(writer.ToString(), Does.Contain("shard 1/2 of 'r1' may still be running: started").And.Contain("pod-1")
                .And.Contain("not merging 'r1'").And.Contain("--force"));
            using (var store = new SqliteResultStore(running)) Assert.That(store.EndOf("r1"), Is.Null, "the run stays open");

            // A tighter limit than its age: dead.
            Assert.That(await Run("merge", "r1", "--db", running, "--stale-after", "0.05"), Is.EqualTo(Gate.Unjudged));
            Assert.That(writer.ToString(), Does.Not.Contain("may still be running").And.Contain("r1 merged")
                .And.Contain("shard 1/2 (host pod-1, job probe-harness-two-1-x (index 1)) ended without recording this test"));

            // --force merges, warning.
            var forced = Db("r2");
            using (var store = new SqliteResultStore(forced))
                ShardHistory.Started(store, "r2", new Shard(1, 2), "node1", null, DateTimeOffset.UtcNow);
            Assert.That(await Run("merge", "r2", "--db", forced, "--force"), Is.EqualTo(Gate.Unjudged));
            Assert.That(writer.ToString(), Does.Contain("warning: shard 1/2 of 'r2' may still be running").And.Contain("r2 merged"));
            using (var store = new SqliteResultStore(forced)) Assert.That(store.EndOf("r2"), Is.Not.Null);

            // Every shard ended: merges without a word about running.
            var done = Db("r3");
            using (var store = new SqliteResultStore(done))
            {
                ShardHistory.Started(store, "r3", new Shard(1, 2), "node1", null, DateTimeOffset.UtcNow);
                ShardHistory.Ended(store, "r3", new Shard(1, 2), 0, DateTimeOffset.UtcNow);
            }
            await Run("merge", "r3", "--db", done);
            Assert.That(writer.ToString(), Does.Not.Contain("may still be running").And.Contain("r3 merged"));

            Assert.That(await Run("merge", "r3", "--db", done, "--stale-after", "0"), Is.Not.EqualTo(0));
            Assert.That(writer.ToString(), Does.Contain("--stale-after must be above 0"));
        }
        finally { Directory.Delete(dir, true); }
    }
}

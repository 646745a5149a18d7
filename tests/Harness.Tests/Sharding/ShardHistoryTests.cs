using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using ProbeHarness.Tests.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// Shards of one run write into one history (a SQLite file on one machine, a real PostgreSQL
/// server for many), at once and in any order; the run reads whole, and what a dead shard owed is
/// UNRESOLVED naming the shard, its host and its job.
/// </summary>
[TestFixture("sqlite")]
[TestFixture("postgres")]
[Category("Database")]
public class ShardHistoryTests(string kind)
{
    private string _dir = "";
    private string _db = "";
    private const string RunId = "slurm-4242";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [SetUp]
    public async Task MakeDatabase()
    {
        _dir = Directory.CreateTempSubdirectory("ph-shards-").FullName;
        _db = kind == "sqlite" ? Path.Combine(_dir, "history.sqlite") : await (await LocalPostgres.SharedAsync()).NewDatabaseAsync();
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static readonly Matrix Four = new("four", "smoke", [
        new CellGroup("x86_64", "bookworm", ["kprobe_events"]), new CellGroup("x86_64", "trixie", ["kprobe_events"]),
        new CellGroup("i386", "bookworm", ["kprobe_events"]), new CellGroup("arm64", "bookworm", ["kprobe_events"])]);

    private static RunInfo Set(string host) => new(RunId, "smoke", T0, host, "/runs/" + RunId, "test");

    /// <summary>What one shard does against the history, with its results made up: join, plan, start, a run per group, record, end.</summary>
    private void Shard(int index, string host, Func<PlannedTest, bool> records, bool ends = true)
    {
        var shard = new Shard(index, 4);
        var planned = ShardPlan.Tests(Four, 4).Where(t => t.Shard == index).ToList();
        using (var store = ResultStores.Open(_db))
        {
            ShardHistory.Join(store, Set(host), Four.Name);
            ShardHistory.Plan(store, RunId, 4, planned);
            ShardHistory.Started(store, RunId, shard, host, $"4242_{index}", T0.AddSeconds(index));
        }
        foreach (var group in planned.GroupBy(t => (t.Arch, t.Kernel)))
        {
            using var store = ResultStores.Open(_db);
            var member = $"{RunId}-g-{group.Key.Arch}-{group.Key.Kernel}";
            store.BeginRun(new RunInfo(member, "smoke", T0, host, "/runs/" + member, "test"));
            ShardHistory.AddGroup(store, new ShardMembership(RunId, shard), member, group.Key.Arch, group.Key.Kernel);
            foreach (var t in group.Where(records))
                store.Record(new TestResult(t.Suite, t.Test, new Cell(t.Arch, "6.1.0-57-" + t.Arch, t.Engine + "-6.1"), TestState.Pass, Culprit.None, null,
                    TimeSpan.FromSeconds(1), "ok"));
            if (ends) store.FinishRun(member, 0, T0.AddMinutes(1));
        }
        if (!ends) return;
        using (var store = ResultStores.Open(_db)) ShardHistory.Ended(store, RunId, shard, 0, T0.AddMinutes(2));
    }

    [Test]
    public void Four_shards_at_once_make_one_run_with_every_planned_test()
    {
        Parallel.For(0, 4, i => Shard(i, $"node{i}", _ => true));

        using var store = ResultStores.Open(_db);
        var planned = ShardPlan.Tests(Four, 4);
        Assert.Multiple(() =>
        {
            Assert.That(store.Runs().Count(r => r.Id == RunId), Is.EqualTo(1), "one run row, whoever came first");
            Assert.That(ShardHistory.Shards(store, RunId).Select(s => (s.Index, s.Host, s.Job, s.ExitCode)),
                Is.EqualTo(Enumerable.Range(0, 4).Select(i => (i, (string?)$"node{i}", (string?)$"4242_{i}", (int?)0))));
            Assert.That(ShardHistory.Unrecorded(store, RunId), Is.Empty);
            Assert.That(ShardHistory.Results(store, RunId).Select(r => (r.Test, r.Cell.Arch, r.State)),
                Is.EquivalentTo(planned.Select(t => (t.Test, t.Arch, TestState.Pass))));
            Assert.That(ShardHistory.Groups(store, RunId).Select(g => g.Shard).Distinct().Count(), Is.EqualTo(4), "each member's shard is recorded");
        });
        var merged = ShardHistory.Merge(store, RunId, T0.AddMinutes(3));
        Assert.That((merged.Unrecorded.Count, merged.ExitCode, merged.Before), Is.EqualTo((0, Gate.Passed, false)));
        Assert.That(store.Runs().Any(r => r.Id == ShardHistory.UnrecordedRun(RunId)), Is.False, "nothing owed, no extra member");
    }

    [Test]
    public void A_shard_that_dies_leaves_its_unrecorded_tests_unresolved_and_the_others_intact()
    {
        var died = 2;
        var half = new HashSet<string>();
        Parallel.For(0, 4, i =>
        {
            if (i != died) Shard(i, $"node{i}", _ => true);
            else Shard(i, "node2", t => t.Test.GetHashCode() % 2 == 0 ? half.Add(t.Test) || true : false, ends: false);
        });

        using var store = ResultStores.Open(_db);
        var planned = ShardPlan.Tests(Four, 4);
        var owed = planned.Where(t => t.Shard == died && !half.Contains(t.Test)).ToList();
        Assume.That(owed, Is.Not.Empty);
        var before = ShardHistory.Results(store, RunId);
        Assert.That(before.Count, Is.EqualTo(planned.Count), "report sees the owed tests before the merge too");

        var merged = ShardHistory.Merge(store, RunId, T0.AddMinutes(3));
        Assert.Multiple(() =>
        {
            Assert.That(merged.Unrecorded.Select(r => r.Test), Is.EquivalentTo(owed.Select(t => t.Test)));
            Assert.That(merged.Unrecorded.Select(r => r.Reason).Distinct(),
                Is.EqualTo(new[] { "shard 2/4 (host node2, job 4242_2) ended without recording this test" }));
            Assert.That(merged.Unrecorded.Select(r => (r.State, r.Culprit)).Distinct(), Is.EqualTo(new[] { (TestState.Unresolved, Culprit.Infrastructure) }));
            Assert.That(merged.Results.Where(r => r.State == TestState.Pass).Select(r => (r.Test, r.Cell.Arch, r.Cell.Kernel)),
                Is.EquivalentTo(planned.Where(t => t.Shard != died || half.Contains(t.Test)).Select(t => (t.Test, t.Arch, "6.1.0-57-" + t.Arch))));
            Assert.That(merged.ExitCode, Is.EqualTo(Gate.Unjudged));
            Assert.That(store.EndOf(RunId)?.ExitCode, Is.EqualTo(Gate.Unjudged));
        });

        // compare reads the merged run as one: its members, the owed tests among them.
        var history = new History(store);
        var expanded = history.Expand(history.Runs.Single(r => r.Id == RunId)).SelectMany(r => history.ResultsOf(r.Id)).ToList();
        Assert.That(expanded.Count(r => r.State == TestState.Unresolved), Is.EqualTo(owed.Count));
        Assert.That(history.TopLevel.Select(r => r.Id), Is.EqualTo(new[] { RunId }), "the members stand for the run, not beside it");

        var again = ShardHistory.Merge(store, RunId, T0.AddMinutes(4));
        Assert.That((again.Before, again.Results.Count), Is.EqualTo((true, planned.Count)), "a second merge changes nothing");
    }

    [Test]
    public void A_shard_that_never_started_owes_all_its_tests_with_its_job()
    {
        using (var store = ResultStores.Open(_db))
        {
            // The submitter plans every shard, with the job each will be.
            ShardHistory.Join(store, Set("login"), Four.Name);
            ShardHistory.Plan(store, RunId, 4, ShardPlan.Tests(Four, 4), i => $"4242_{i}");
        }
        Parallel.For(0, 3, i => Shard(i, $"node{i}", _ => true));

        using var s = ResultStores.Open(_db);
        var owed = ShardHistory.Unrecorded(s, RunId);
        Assert.That(owed.Select(r => r.Cell.Arch).Distinct(), Is.EqualTo(new[] { ShardPlan.Assign(Four, 4)[3].Single().Arch }));
        Assert.That(owed.Select(r => r.Reason).Distinct(), Is.EqualTo(new[] { "shard 3/4 (job 4242_3) never started" }));
    }

    [Test]
    public void Merging_a_run_that_is_not_sharded_is_refused()
    {
        using var store = ResultStores.Open(_db);
        store.BeginRun(Set("h") with { Id = "plain" });
        Assert.That(() => ShardHistory.Merge(store, "plain", T0), Throws.TypeOf<ProbeHarness.Inputs.InputException>().With.Message.Contains("not a sharded run"));
    }
}

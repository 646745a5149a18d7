using NUnit.Framework;
using ProbeHarness.Processes;
using ProbeHarness.Results;
using ProbeHarness.Sharding;
using ProbeHarness.Tests.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// A real Slurm job array on this machine (scripts/setup-slurm: slurmctld and slurmd on localhost),
/// the shared history a real PostgreSQL server: `harness submit slurm` runs the smoke suite over
/// matrices/shards-smoke.yaml (four kprobe_events cells, one group per shard) as four array tasks,
/// and the merged run holds the same tests in the same states as the same matrix run on one machine.
/// Cancelling one task leaves its tests UNRESOLVED, naming it, and the other shards' results intact.
/// </summary>
[Category("Slurm")]
[NonParallelizable]
public class SlurmArrayTests
{
    private const string MatrixName = "shards-smoke";
    private string _dir = "";
    private string _db = "";
    private static IReadOnlyList<TestResult>? _single;

    [OneTimeSetUp]
    public async Task StartCluster()
    {
        var root = ProbeHarness.Checkout.Roots().First(r => File.Exists(Path.Combine(r, "scripts", "setup-slurm")));
        var r = await Tool.RunAsync(Path.Combine(root, "scripts", "setup-slurm"), [], TimeSpan.FromMinutes(15));
        Assert.That(r.ExitCode, Is.EqualTo(0), $"scripts/setup-slurm failed:\n{r.Stderr}");
        _dir = Directory.CreateTempSubdirectory("ph-slurm-").FullName;
        _db = await (await LocalPostgres.SharedAsync()).NewDatabaseAsync();
    }

    [OneTimeTearDown]
    public void RemoveDir()
    {
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    private static string Harness => Path.Combine(TestContext.CurrentContext.TestDirectory, "harness.dll");

    private async Task<ToolResult> HarnessAsync(params string[] args)
    {
        var r = await Tool.RunAsync("dotnet", [Harness, .. args], TimeSpan.FromMinutes(40), workingDirectory: _dir);
        TestContext.Progress.WriteLine($"harness {string.Join(' ', args)}: exit {r.ExitCode} after {r.Duration.TotalSeconds:0} s");
        return r;
    }

    /// <summary>The same matrix on one machine, in a history of its own: what the shards must add up to.</summary>
    private async Task<IReadOnlyList<TestResult>> SingleMachineAsync()
    {
        if (_single is not null) return _single;
        var db = Path.Combine(_dir, "single.sqlite");
        var r = await HarnessAsync("run", "--matrix", MatrixName, "--db", db, "--out", Path.Combine(_dir, "single"));
        using var store = ResultStores.Open(db);
        _single = store.Runs().SelectMany(run => store.Results(run.Id)).ToList();
        Assert.That(_single, Is.Not.Empty, r.Stdout + r.Stderr);
        return _single;
    }

    private static string RunIdOf(ToolResult submit) =>
        System.Text.RegularExpressions.Regex.Match(submit.Stdout, @", run (\S+)").Groups[1].Value is { Length: > 0 } id
            ? id : throw new AssertionException($"no run id in the submit's output:\n{submit.Stdout}\n{submit.Stderr}");

    private static string JobIdOf(ToolResult submit) =>
        System.Text.RegularExpressions.Regex.Match(submit.Stdout, @"submitted job (\d+)").Groups[1].Value;

    private static IEnumerable<(Cell, string, TestState)> Keyed(IEnumerable<TestResult> results) =>
        results.Select(r => (r.Cell, r.Test, r.State));

    [Test, Order(1)]
    public async Task Four_array_tasks_make_one_run_equal_to_a_single_machine_run()
    {
        var single = await SingleMachineAsync();
        var submit = await HarnessAsync("submit", "slurm", "--matrix", MatrixName, "--shards", "4", "--cpus-per-task", "1", "--parallel", "1",
            "--db", _db, "--out", Path.Combine(_dir, "runs"), "--wait");
        var runId = RunIdOf(submit);
        using var store = ResultStores.Open(_db);
        var merged = ShardHistory.Results(store, runId);
        var shards = ShardHistory.Shards(store, runId);
        Assert.Multiple(() =>
        {
            Assert.That(Keyed(merged), Is.EquivalentTo(Keyed(single)), $"the merged run against the single-machine run\n{submit.Stdout}");
            Assert.That(shards.Select(s => s.Index), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(shards.Select(s => s.Host), Is.All.EqualTo(Environment.MachineName), "each shard's host is recorded");
            Assert.That(shards.Select(s => s.Job), Is.EqualTo(Enumerable.Range(0, 4).Select(i => $"{JobIdOf(submit)}_{i}")));
            Assert.That(shards.Select(s => s.Ended), Is.All.Not.Null, "every task ended and said so");
            Assert.That(store.EndOf(runId), Is.Not.Null, "--wait merged the run");
            Assert.That(submit.ExitCode, Is.EqualTo(ProbeHarness.Running.Gate.ExitCode(single)), "the submit's exit is the merged run's gate");
        });
    }

    [Test, Order(2)]
    public async Task A_cancelled_task_leaves_its_tests_unresolved_and_the_others_intact()
    {
        var single = await SingleMachineAsync();
        const int killed = 1;
        var submit = await HarnessAsync("submit", "slurm", "--matrix", MatrixName, "--shards", "4", "--cpus-per-task", "1", "--parallel", "1",
            "--db", _db, "--out", Path.Combine(_dir, "runs"));
        Assert.That(submit.ExitCode, Is.EqualTo(0), submit.Stdout + submit.Stderr);
        var runId = RunIdOf(submit);
        var job = JobIdOf(submit);

        // Early: as soon as the task has joined the run, long before its guest is up.
        for (var i = 0; i < 600; i++)
        {
            using var store = ResultStores.Open(_db);
            if (ShardHistory.Shards(store, runId).Single(s => s.Index == killed).Started is not null) break;
            await Task.Delay(500);
        }
        await Tool.CheckAsync("scancel", [$"{job}_{killed}"], TimeSpan.FromMinutes(1));
        await SlurmSubmission.WaitAsync(job, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(40), TestContext.Progress.WriteLine, CancellationToken.None);
        var merge = await HarnessAsync("merge", runId, "--db", _db);

        using var s = ResultStores.Open(_db);
        var results = ShardHistory.Results(s, runId);
        var planned = ShardHistory.Planned(s, runId);
        var ofKilled = planned.Where(p => p.Shard == killed).Select(p => p.Test).ToHashSet();
        var killedKernel = planned.First(p => p.Shard == killed).Kernel;
        var owed = results.Where(r => r.Reason?.Contains("ended without recording this test") == true).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(owed.Select(r => r.Test), Is.EquivalentTo(ofKilled), $"shard {killed}'s tests\n{merge.Stdout}");
            Assert.That(owed.Select(r => r.State), Is.All.EqualTo(TestState.Unresolved));
            Assert.That(owed.Select(r => r.Reason).Distinct(),
                Is.EqualTo(new[] { $"shard {killed}/4 (host {Environment.MachineName}, job {job}_{killed}) ended without recording this test" }));
            var others = results.Except(owed).ToList();
            Assert.That(Keyed(others), Is.EquivalentTo(Keyed(single.Where(r => others.Any(o => o.Cell == r.Cell)))),
                "the other shards' results are the single-machine run's");
            Assert.That(others.Select(r => r.Cell).Distinct().Count(), Is.EqualTo(3), "three shards' cells intact");
            Assert.That(merge.ExitCode, Is.EqualTo(ProbeHarness.Running.Gate.Unjudged), "an unresolved test fails the gate as unjudged");
            Assert.That(killedKernel, Is.Not.Empty);
        });
    }
}

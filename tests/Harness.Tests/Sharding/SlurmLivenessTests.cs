using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Processes;
using ProbeHarness.Results;
using ProbeHarness.Sharding;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// `merge` asks the real Slurm of this machine (scripts/setup-slurm) about shards whose job is a
/// Slurm one: a two-task array of sleeps stands in for the shards (no guest boots). Their recorded
/// starts are two days old, so only Slurm can say they still run; cancelling a task makes it dead.
/// </summary>
[Category("Slurm")]
[NonParallelizable]
public class SlurmLivenessTests
{
    [Test]
    public async Task Merge_waits_for_running_Slurm_tasks_and_not_for_cancelled_ones()
    {
        var root = ProbeHarness.Checkout.Roots().First(r => File.Exists(Path.Combine(r, "scripts", "setup-slurm")));
        var setup = await Tool.RunAsync(Path.Combine(root, "scripts", "setup-slurm"), [], TimeSpan.FromMinutes(15));
        Assert.That(setup.ExitCode, Is.EqualTo(0), $"scripts/setup-slurm failed:\n{setup.Stderr}");
        var dir = Directory.CreateTempSubdirectory("ph-slurm-live-").FullName;
        var sbatch = await Tool.CheckAsync("sbatch", ["--parsable", "--array=0-1", "--cpus-per-task=1", $"--output={dir}/%A_%a.out", "--wrap", "sleep 600"],
            TimeSpan.FromMinutes(1));
        var job = sbatch.Stdout.Trim().Split(';')[0];
        try
        {
            var db = Path.Combine(dir, "h.sqlite");
            var longAgo = DateTimeOffset.UtcNow.AddDays(-2);
            using (var store = new SqliteResultStore(db))
            {
                ShardHistory.Join(store, new RunInfo("s", "smoke", longAgo, "login", dir, "0.0.0"), "two");
                ShardHistory.Plan(store, "s", 2, [], i => $"{job}_{i}", [0, 1]);
                for (var i = 0; i < 2; i++) ShardHistory.Started(store, "s", new Shard(i, 2), "node", $"{job}_{i}", longAgo);
            }
            async Task<IReadOnlyList<LiveShard>> Live()
            {
                using var store = new SqliteResultStore(db);
                return await ShardLiveness.WithSqueue(TimeSpan.FromHours(24)).StillRunningAsync(ShardHistory.Shards(store, "s"), DateTimeOffset.UtcNow, CancellationToken.None);
            }
            async Task<IReadOnlyList<int>> LiveUntil(Func<IReadOnlyList<LiveShard>, bool> done)
            {
                var until = DateTime.UtcNow.AddMinutes(2);
                var live = await Live();
                while (!done(live) && DateTime.UtcNow < until) { await Task.Delay(1000); live = await Live(); }
                TestContext.Progress.WriteLine(string.Join("; ", live.Select(l => l.Why)));
                return live.Select(l => l.Shard.Index).ToList();
            }

            var both = await Live();
            Assert.That(both.Select(l => l.Shard.Index), Is.EqualTo(new[] { 0, 1 }), "queued or running, though started two days ago");
            Assert.That(both[0].Why, Does.Match($"Slurm job {job}_0 is (PENDING|CONFIGURING|RUNNING)"));

            var writer = new StringWriter();
            Assert.That(await HarnessApp.RunAsync(["merge", "s", "--db", db], TerminalConsole.For(writer, isTerminal: false), new CliStreams(writer, writer),
                CancellationToken.None), Is.EqualTo(ProbeHarness.Running.Gate.Unjudged));
            Assert.That(writer.ToString(), Does.Contain("not merging 's'").And.Contain($"Slurm job {job}_1 is"));

            await Tool.CheckAsync("scancel", [$"{job}_1"], TimeSpan.FromMinutes(1));
            Assert.That(await LiveUntil(l => l.Count == 1), Is.EqualTo(new[] { 0 }), "the cancelled task is dead, the other runs");
            await Tool.CheckAsync("scancel", [job], TimeSpan.FromMinutes(1));
            Assert.That(await LiveUntil(l => l.Count == 0), Is.Empty);

            writer.GetStringBuilder().Clear();
            await HarnessApp.RunAsync(["merge", "s", "--db", db], TerminalConsole.For(writer, isTerminal: false), new CliStreams(writer, writer), CancellationToken.None);
            Assert.That(writer.ToString(), Does.Contain("s merged").And.Not.Contain("may still be running"));
        }
        finally
        {
            await Tool.RunAsync("scancel", [job], TimeSpan.FromMinutes(1));
            Directory.Delete(dir, true);
        }
    }
}

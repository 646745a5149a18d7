using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Sharding;

/// <summary>
/// One shard of a matrix run spread over machines, start to end: join the run <paramref name="runId"/>
/// in the shared history (made by whichever shard or submitter comes first), record the tests this
/// shard owes and where it runs, run its share of the matrix (each group's run a member of the
/// shared run), and record that it ended. A shard that dies in between leaves its start and plan,
/// so the merge (<see cref="ShardHistory.Merge"/>) marks what it did not record UNRESOLVED.
/// </summary>
public sealed class ShardedRun(Matrix whole, Shard shard, string runId, string? job, RunOptions options, HarnessCache cache, IRunObserver observer)
{
    public async Task<(RunReport Report, IReadOnlyList<CellReport> Cells, TimeSpan Wall)> ExecuteAsync(int parallel, CancellationToken ct)
    {
        var database = options.Database ?? Path.Combine(cache.Root, "history.sqlite");
        // Every shard's files go under the run's own folder (one folder for all when the machines share it).
        var dir = RunDirectory(options.OutDirectory, runId);
        using (var store = ResultStores.Open(database))
        {
            var started = DateTimeOffset.UtcNow;
            var info = new RunInfo(runId, whole.Suite, started, Environment.MachineName, dir, HarnessVersion.Text);
            ShardHistory.Join(store, info, whole.Name);
            ShardHistory.Plan(store, runId, shard.Count, ShardPlan.Tests(whole, shard.Count).Where(t => t.Shard == shard.Index));
            ShardHistory.Started(store, runId, shard, Environment.MachineName, job, started);
        }
        var done = await new MatrixRun(ShardPlan.Slice(whole, shard), options with { Shard = new ShardMembership(runId, shard), OutDirectory = dir }, cache, observer)
            .ExecuteAsync(parallel, ct);
        using (var store = ResultStores.Open(database))
            ShardHistory.Ended(store, runId, shard, done.Report.ExitCode, DateTimeOffset.UtcNow);
        return done;
    }

    /// <summary>The folder of a sharded run under the output folder: named by its id.</summary>
    public static string RunDirectory(string outDirectory, string runId) => Path.GetFullPath(Path.Combine(outDirectory, runId));

    /// <summary>
    /// A group that failed before its run reached the history (a kernel download, say) is stored as a
    /// member run of its own, so the shared run shows why instead of "ended without recording".
    /// </summary>
    internal static void RecordFailedGroup(string database, ShardMembership shard, CellGroup group, RunReport failed)
    {
        using var store = ResultStores.Open(database);
        var id = $"{shard.RunId}-shard{shard.Shard.Index}-{group.Arch}-{group.Kernel}-failed";
        store.BeginRun(failed.Info with { Id = id });
        ShardHistory.AddGroup(store, shard, id, group.Arch, group.Kernel);
        foreach (var r in failed.Results) store.Record(r);
        store.FinishRun(id, failed.ExitCode, DateTimeOffset.UtcNow);
    }

    /// <summary>The cluster engine's name for this shard's job, from the environment it sets (Slurm, Kubernetes, GitHub, GitLab).</summary>
    public static string? JobFromEnvironment(Func<string, string?> env)
    {
        if (env("SLURM_ARRAY_JOB_ID") is { Length: > 0 } array && env("SLURM_ARRAY_TASK_ID") is { Length: > 0 } task) return $"{array}_{task}";
        if (env("SLURM_JOB_ID") is { Length: > 0 } slurm) return slurm;
        if (env("JOB_COMPLETION_INDEX") is { Length: > 0 } index && env("HOSTNAME") is { Length: > 0 } pod) return $"{pod} (index {index})";
        if (env("GITHUB_RUN_ID") is { Length: > 0 } gh) return $"github {gh}/{env("GITHUB_JOB")}";
        if (env("CI_JOB_ID") is { Length: > 0 } gl) return $"gitlab {gl}";
        return null;
    }
}

using ProbeHarness.Processes;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Sharding;

/// <summary>
/// A sharded run submitted to Slurm as one job array, start to end: record the run and every
/// shard's planned tests in the shared history, write the sbatch script (<see cref="ShardJobs.SlurmScript"/>)
/// into the run's folder, submit it with `sbatch --parsable`, record each task's job id, and (when
/// waiting) poll `squeue` until the array has left the queue, then merge
/// (<see cref="ShardHistory.Merge"/>): what a task did not record becomes UNRESOLVED.
/// </summary>
public sealed class SlurmSubmission(SlurmJob job, string database)
{
    public string RunId => job.RunId ?? throw new InvalidOperationException("a submission names its run");

    public string Directory => ShardedRun.RunDirectory(job.Out ?? "runs", RunId);

    public string ScriptPath => Path.Combine(Directory, "shards.sbatch");

    /// <summary>A fresh run id for a submission of <paramref name="matrixName"/>.</summary>
    public static string NewRunId(string matrixName, DateTimeOffset now) =>
        $"{now:yyyyMMdd-HHmmss}-slurm-{new string(matrixName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-')}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Records the run and its plan, writes the script and submits it; returns the array's job id.</summary>
    public async Task<string> SubmitAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var started = DateTimeOffset.UtcNow;
        var planned = ShardPlan.Tests(job.Matrix, job.Shards);
        using (var store = ResultStores.Open(database))
        {
            ShardHistory.Join(store, new RunInfo(RunId, job.Matrix.Suite, started, Environment.MachineName, Directory, HarnessVersion.Text), job.Matrix.Name);
            // Every shard, including one whose task never starts, owes its tests from now on.
            ShardHistory.Plan(store, RunId, job.Shards, planned, shards: Enumerable.Range(0, job.Shards));
        }
        await File.WriteAllTextAsync(ScriptPath, ShardJobs.SlurmScript(job with { Output = Path.Combine(Directory, "slurm-%A_%a.out") }), ct);
        // The connection string travels in the environment (sbatch --export=ALL), never in the script file.
        var r = await Tool.CheckAsync("sbatch", ["--parsable", ScriptPath], TimeSpan.FromMinutes(2), ct,
            env: new Dictionary<string, string> { [ShardJobs.DatabaseVariable] = database });
        var jobId = r.Stdout.Trim().Split(';')[0];
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
            throw new Kernels.InfrastructureException($"sbatch printed no job id: '{Text.UntrustedText.OneLine(r.Stdout, 200)}'");
        using (var store = ResultStores.Open(database))
            ShardHistory.Plan(store, RunId, job.Shards, [], i => $"{jobId}_{i}", Enumerable.Range(0, job.Shards));
        return jobId;
    }

    /// <summary>Polls `squeue` until no task of the array is queued, running or completing.</summary>
    public static async Task WaitAsync(string jobId, TimeSpan poll, TimeSpan timeout, Action<string> say, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        var last = "";
        while (true)
        {
            var r = await Tool.RunAsync("squeue", ["--noheader", "--array", "--jobs", jobId, "--format", "%i %T"], TimeSpan.FromMinutes(1), ct);
            // A job Slurm has already forgotten is an ended job.
            if (!r.Ok && !r.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) throw new ToolFailedException(r);
            var tasks = r.Ok ? r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (tasks.Length == 0) return;
            var now = string.Join(", ", tasks);
            if (now != last) say($"job {jobId}: {now}");
            last = now;
            if (DateTimeOffset.UtcNow > until) throw new TimeoutException($"job {jobId} still queued or running after {timeout.TotalMinutes:0} min: {now}");
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>Closes the run after the array: the merged run's results and gate.</summary>
    public ShardHistory.Merged Merge()
    {
        using var store = ResultStores.Open(database);
        return ShardHistory.Merge(store, RunId, DateTimeOffset.UtcNow);
    }
}

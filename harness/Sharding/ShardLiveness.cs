using System.Text.RegularExpressions;
using ProbeHarness.Processes;

namespace ProbeHarness.Sharding;

/// <summary>What Slurm says of a job: listed in a state, gone (ended and forgotten), or no answer.</summary>
public sealed record SlurmAnswer(bool? Listed, string Detail)
{
    public static SlurmAnswer In(string state) => new(true, state);
    public static readonly SlurmAnswer Gone = new(false, "not in the queue");
    public static SlurmAnswer Unknown(string why) => new(null, why);
}

/// <summary>A shard that may still be running, and why the merge thinks so.</summary>
public sealed record LiveShard(ShardState Shard, string Why);

/// <summary>
/// Which shards of a run may still be running, so that `merge` does not close a run under them. A
/// shard with an end recorded has ended. Of one without: when its job is a Slurm one (JOB or
/// JOB_TASK) and Slurm answers, Slurm decides (queued or running: alive, even before the shard
/// started; not in the queue or in an end state: dead). Otherwise a shard that started less than
/// <paramref name="staleAfter"/> ago is taken as running, one that started earlier as dead (its
/// machine or pod went away without a word), and one that never started as not running.
/// </summary>
public sealed class ShardLiveness(Func<string, CancellationToken, Task<SlurmAnswer>> slurm, TimeSpan staleAfter)
{
    /// <summary>How long a shard without an end is taken as running when no job engine can tell.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromHours(24);

    private static readonly Regex SlurmJob = new(@"^[0-9]+(_[0-9]+)?$");

    /// <summary>Slurm states of a job that has ended (squeue may list one for a few minutes after).</summary>
    private static readonly HashSet<string> Ended = new(StringComparer.OrdinalIgnoreCase)
    {
        "COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "OUT_OF_MEMORY", "REVOKED",
    };

    /// <summary>Asks the Slurm of this machine through `squeue`, when there is one.</summary>
    public static ShardLiveness WithSqueue(TimeSpan staleAfter) => new(AskSqueueAsync, staleAfter);

    public async Task<IReadOnlyList<LiveShard>> StillRunningAsync(IEnumerable<ShardState> shards, DateTimeOffset now, CancellationToken ct)
    {
        var live = new List<LiveShard>();
        foreach (var s in shards.Where(s => s.Ended is null))
        {
            var answer = s.Job is { } job && SlurmJob.IsMatch(job) ? await slurm(job, ct) : null;
            if (answer?.Listed is { } listed)
            {
                if (listed && !Ended.Contains(answer.Detail)) live.Add(new LiveShard(s, $"Slurm job {s.Job} is {answer.Detail}"));
                continue;
            }
            if (s.Started is not { } started) continue;
            var age = now - started;
            if (age < staleAfter)
                live.Add(new LiveShard(s, $"started {started:yyyy-MM-dd HH:mm} UTC on {s.Host ?? "an unknown host"}"
                    + (s.Job is { } j ? $" as job {j}" : "") + $", {Minutes(age)} ago, and recorded no end"
                    + (answer is { Detail: var why } ? $" (Slurm could not tell: {why})" : "")));
        }
        return live;
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes < 120 ? $"{Math.Max(0, (int)t.TotalMinutes)} min" : $"{t.TotalHours:0.#} h";

    /// <summary>`squeue` on one job (task); its absence or failure is an unknown, a job Slurm does not know is gone.</summary>
    public static async Task<SlurmAnswer> AskSqueueAsync(string job, CancellationToken ct)
    {
        if (Tool.Which("squeue") is null) return SlurmAnswer.Unknown("no squeue on this machine");
        var r = await Tool.RunAsync("squeue", ["--noheader", "--array", $"--jobs={job}", "--format=%T"], TimeSpan.FromSeconds(30), ct);
        return Read(r);
    }

    /// <summary>What squeue's answer means for one job.</summary>
    public static SlurmAnswer Read(ToolResult r)
    {
        if (!r.Ok)
            return r.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
                ? SlurmAnswer.Gone
                : SlurmAnswer.Unknown(Text.UntrustedText.OneLine(r.TimedOut ? "squeue timed out" : r.Gist(2), 200));
        var states = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return states.FirstOrDefault(s => !Ended.Contains(s)) is { } alive ? SlurmAnswer.In(alive)
            : states.Length > 0 ? SlurmAnswer.In(states[0])
            : SlurmAnswer.Gone;
    }
}

using System.ComponentModel;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness merge RUN-ID`: the end of a run spread over shards, run once every shard has ended (the
/// Slurm submitter does it after the array; a CI pipeline in a last job). Planned tests no shard
/// recorded are stored UNRESOLVED, naming the shard, host and job that owed them; the run is closed
/// with the gate over all of it. Exit: that gate. While a shard may still be running (<see cref="ShardLiveness"/>)
/// the merge refuses, unless forced: what it would mark UNRESOLVED could still come.
/// </summary>
public sealed class MergeCommand(IAnsiConsole console, CliStreams streams) : AsyncCommand<MergeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN-ID>")]
        [Description("The run the shards joined (their --run-id).")]
        public string RunId { get; init; } = "";

        [CommandOption("--db <FILE>")]
        [Description(HistoryOption.Description)]
        public string? Database { get; init; }

        [CommandOption("--force")]
        [Description("Merge even while a shard may still be running: what it has not recorded yet becomes UNRESOLVED, and what it records later is not in the run's gate.")]
        public bool Force { get; init; }

        [CommandOption("--stale-after <HOURS>")]
        [Description("A shard with no end recorded counts as running until it started this many hours ago (then its machine or pod is taken as gone). "
                     + "A Slurm job (JOB or JOB_TASK) is asked instead, when squeue is on this machine and answers: queued or running is alive, even before "
                     + "the shard started; not in the queue is dead. A shard that never started and no Slurm job of it is queued is not waited for.")]
        [DefaultValue(24.0)]
        public double StaleAfterHours { get; init; } = 24;

        public override ValidationResult Validate() =>
            StaleAfterHours > 0 ? ValidationResult.Success() : ValidationResult.Error($"--stale-after must be above 0 hours, not {StaleAfterHours}");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var path = HistoryOption.PathOr(s.Database);
        using var store = ResultStores.Open(path);
        if (!ShardHistory.IsSharded(store, s.RunId))
        {
            streams.Error.WriteLine($"harness: error: no sharded run '{s.RunId}' in {ResultStores.Redacted(path)}");
            return Gate.Unjudged;
        }
        PrintShards(console, store, s.RunId);
        if (store.EndOf(s.RunId) is null)
        {
            var live = await ShardLiveness.WithSqueue(TimeSpan.FromHours(s.StaleAfterHours))
                .StillRunningAsync(ShardHistory.Shards(store, s.RunId), DateTimeOffset.UtcNow, ct);
            foreach (var l in live)
                streams.Error.WriteLine($"harness: {(s.Force ? "warning" : "error")}: {l.Shard.Label} of '{s.RunId}' may still be running: {l.Why}");
            if (live.Count > 0 && !s.Force)
            {
                streams.Error.WriteLine($"harness: error: not merging '{s.RunId}' while {live.Count} shard(s) may still run; merge after they end, "
                                        + "or with --force to mark what they have not recorded UNRESOLVED now");
                return Gate.Unjudged;
            }
        }
        var merged = ShardHistory.Merge(store, s.RunId, DateTimeOffset.UtcNow);
        Print(console, s.RunId, merged);
        return merged.ExitCode;
    }

    public static void Print(IAnsiConsole console, string runId, ShardHistory.Merged merged)
    {
        foreach (var r in merged.Unrecorded)
            console.MarkupLine(Markup.Escape($"UNRESOLVED: {r.FullName}: {r.Reason}"));
        var counts = merged.Results.GroupBy(r => r.State).OrderBy(g => g.Key).Select(g => $"{g.Key.DejaGnuWord()} {g.Count()}");
        console.MarkupLine(Markup.Escape(merged.Before
            ? $"{runId} was merged before: {string.Join(", ", counts)}; gate {merged.ExitCode}"
            : $"{runId} merged: {merged.Results.Count} results ({string.Join(", ", counts)}), {merged.Unrecorded.Count} planned but unrecorded; gate {merged.ExitCode}"));
    }

    /// <summary>Each shard's host, job and end, as the history has them.</summary>
    public static void PrintShards(IAnsiConsole console, IResultStore store, string runId)
    {
        var table = new Table().AddColumns("Shard", "Host", "Job", "Started", "Ended", "Exit");
        foreach (var sh in ShardHistory.Shards(store, runId))
            table.AddRow($"{sh.Index}/{sh.Count}", Markup.Escape(sh.Host ?? "-"), Markup.Escape(sh.Job ?? "-"),
                sh.Started is { } a ? $"{a:HH:mm:ss}" : "never", sh.Ended is { } e ? $"{e:HH:mm:ss}" : "-", sh.ExitCode?.ToString() ?? "-");
        console.Write(table);
    }
}

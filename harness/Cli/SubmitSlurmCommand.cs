using System.ComponentModel;
using ProbeHarness.Inputs;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness submit slurm --matrix M --shards N`: the matrix as one Slurm job array, a shard per
/// task, into one run of the shared history. With --wait: until the array ends, then the merge (exit:
/// the merged run's gate); without: the job and run ids (exit 0), to merge later with `harness merge`.
/// </summary>
public sealed class SubmitSlurmCommand(IAnsiConsole console) : AsyncCommand<SubmitSlurmCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--matrix <NAME|PATH>")]
        [Description("The matrix: a name under matrices/ or a path to a matrix file.")]
        public string? Matrix { get; init; }

        [CommandOption("--shards <N>")]
        [Description("Array tasks, one shard each. Default: 1.")]
        [DefaultValue(1)]
        public int Shards { get; init; } = 1;

        [CommandOption("--suite <NAME|PATH>")]
        [Description("Suite to run instead of the matrix's own.")]
        public string? Suite { get; init; }

        [CommandOption("--db <DB>")]
        [Description("The shared history every task writes: PostgreSQL (postgres://user:pass@host/db or an Npgsql connection string), or a SQLite file all nodes see. Handed to the tasks in the environment. Default: history.sqlite in the harness cache.")]
        public string? Database { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives the run's folder (the sbatch script, the tasks' output and run directories); the nodes must see it. Default: ./runs.")]
        [DefaultValue("runs")]
        public string Out { get; init; } = "runs";

        [CommandOption("--cpus-per-task <N>")]
        [Description("CPUs Slurm gives each task. Default: 2.")]
        [DefaultValue(2)]
        public int CpusPerTask { get; init; } = 2;

        [CommandOption("--parallel <N>")]
        [Description("Arch x kernel groups at once within a task. Default: as the task's cores allow.")]
        public int? Parallel { get; init; }

        [CommandOption("--wait")]
        [Description("Wait for the array to end, then merge the run and exit with its gate.")]
        public bool Wait { get; init; }

        [CommandOption("--timeout <MINUTES>")]
        [Description("With --wait: give up waiting after this long. Default: 720.")]
        [DefaultValue(720)]
        public int TimeoutMinutes { get; init; } = 720;

        public override ValidationResult Validate()
        {
            if (Matrix is null) return ValidationResult.Error("--matrix is required: the matrix the array runs");
            if (Shards < 1) return ValidationResult.Error($"--shards must be at least 1, not {Shards}");
            if (CpusPerTask < 1) return ValidationResult.Error($"--cpus-per-task must be at least 1, not {CpusPerTask}");
            if (Parallel is < 1) return ValidationResult.Error($"--parallel must be at least 1, not {Parallel}");
            if (TimeoutMinutes < 1) return ValidationResult.Error($"--timeout must be at least 1, not {TimeoutMinutes}");
            return ValidationResult.Success();
        }
    }

    /// <summary>How a task starts this same harness: its apphost, or dotnet with its assembly.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(SubmitSlurmCommand).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, assembly] : [process];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var database = HistoryOption.PathOr(s.Database);
        var matrix = RunChecks.CheckMatrix(s.Matrix!, new RunOptions { Database = database }, s.Parallel, s.Suite);
        if (Processes.Tool.Which("sbatch") is null) throw new InputException("sbatch is not on PATH: submit runs on a Slurm submit host (scripts/setup-slurm makes this machine one)");
        var runId = SlurmSubmission.NewRunId(matrix.Name, DateTimeOffset.UtcNow);
        // A matrix file goes by its full path (tasks start elsewhere); a name stays a name, found under matrices/ as here.
        var job = new SlurmJob(matrix, File.Exists(s.Matrix) ? Path.GetFullPath(s.Matrix!) : s.Matrix!, s.Shards)
        {
            Command = SelfCommand(),
            RunId = runId,
            Suite = s.Suite,
            Out = Path.GetFullPath(s.Out),
            Directory = Environment.CurrentDirectory,
            CpusPerTask = s.CpusPerTask,
        };
        if (s.Parallel is { } p) job = job with { Parallel = p };
        var submission = new SlurmSubmission(job, database);
        var jobId = await submission.SubmitAsync(ct);
        console.MarkupLine(Markup.Escape($"submitted job {jobId}: {s.Shards} task(s) of {matrix.Name} ({matrix.CellCount} cells), run {runId}"));
        console.MarkupLine(Markup.Escape($"script and task output: {submission.Directory}"));
        if (!s.Wait)
        {
            console.MarkupLine(Markup.Escape($"when the array has ended: harness merge {runId}" + (s.Database is null ? "" : " --db ...")));
            return 0;
        }
        await SlurmSubmission.WaitAsync(jobId, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(s.TimeoutMinutes), t => console.MarkupLine(Markup.Escape(t)), ct);
        using (var store = ResultStores.Open(database)) MergeCommand.PrintShards(console, store, runId);
        var merged = submission.Merge();
        MergeCommand.Print(console, runId, merged);
        return merged.ExitCode;
    }
}

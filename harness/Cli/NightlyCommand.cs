using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Nightly;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness nightly`: tonight's newest kernels through the matrix, compared with the last good night; gates on what got worse.</summary>
public sealed class NightlyCommand(IAnsiConsole console) : AsyncCommand<NightlyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--matrix <NAME|PATH>")]
        [Description("The matrix (matrices/NAME.yaml); its 'bookworm'/'trixie' kernels resolve to the newest ABIs served. Default: bookworm.")]
        [DefaultValue("bookworm")]
        public string Matrix { get; init; } = "bookworm";

        [CommandOption("--suites <NAMES>")]
        [Description("Comma-separated suites to run over the matrix. Default: the matrix's own suite.")]
        public string? Suites { get; init; }

        [CommandOption("--overhead-reps <N>")]
        [Description("Interleaved repetitions of the overhead benchmark on the night's x86_64 kernel, recorded for comparison; 0 skips it. Default: 15.")]
        [DefaultValue(15)]
        public int OverheadReps { get; init; } = 15;

        [CommandOption("--inject-slow-handler")]
        [Description("Check the overhead gate: tonight's kprobe is measured with a handler doing fixed extra work (bench overhead --calibrate's slowed handler).")]
        public bool InjectSlowHandler { get; init; }

        [CommandOption("--tapset-families <NAMES>")]
        [Description("Comma-separated SystemTap tapset families whose probe aliases are checked to resolve without debuginfo, or 'none'. Default: nd_syscall and the common subsystem tapsets.")]
        public string? TapsetFamilies { get; init; }

        [CommandOption("--no-machinery-coverage")]
        [Description("Do not trace the probe machinery's kernel functions (kprobe, rethook, optprobe, ftrace-ops, uprobe) while the suites run.")]
        public bool NoMachineryCoverage { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives the night's directory. Default: ./runs.")]
        [DefaultValue("runs")]
        public string Out { get; init; } = "runs";

        [CommandOption("--db <FILE>")]
        [Description("History database: a SQLite file, or PostgreSQL as postgres://user:pass@host/db or an Npgsql connection string. Default: history.sqlite in the harness cache.")]
        public string? Database { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Arch x kernel groups at once. Default: as many as cores and memory allow.")]
        public int? Parallel { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var options = new NightlyOptions
        {
            Matrix = s.Matrix,
            Suites = s.Suites?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            OverheadReps = s.OverheadReps,
            InjectSlowHandler = s.InjectSlowHandler,
            TapsetFamilies = CoverageCommand.Families(s.TapsetFamilies),
            MachineryCoverage = !s.NoMachineryCoverage,
            OutDirectory = s.Out,
            Database = s.Database,
            Parallel = s.Parallel,
        };
        var night = await new NightlyRun(options, HarnessCache.Default(), new ConsoleProgress(console)).ExecuteAsync(l => console.WriteLine(l), ct);
        CompareCommand.Print(console, night.Comparison);
        console.MarkupLine($"night {Markup.Escape(night.Night.Id)}: {Markup.Escape(Path.Combine(night.Night.RunDirectory, "nightly.md"))}; gate {night.ExitCode}");
        return night.ExitCode;
    }
}

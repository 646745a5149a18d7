using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness run`: one suite on one architecture and kernel, with one or more engines.</summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--suite <NAME|PATH>")]
        [Description("Suite to run: a folder name under suites/ or a path to a suite folder or suite.yaml. Default: smoke.")]
        [DefaultValue("smoke")]
        public string Suite { get; init; } = "smoke";

        [CommandOption("--arch <ARCH>")]
        [Description("Guest architecture: x86_64, arm64, ppc64le, s390x, i386, riscv64. Default: x86_64.")]
        [DefaultValue("x86_64")]
        public string Arch { get; init; } = "x86_64";

        [CommandOption("--kernel <SPEC>")]
        [Description("Kernel: 'bookworm' (newest ABI served), 'bookworm:6.1.0-56', 'bookworm:6.1.0-56-cloud', 'trixie', or a path to your own kernel (a directory or image). Default: bookworm.")]
        [DefaultValue("bookworm")]
        public string Kernel { get; init; } = "bookworm";

        [CommandOption("--engine <NAME>")]
        [Description("Probe engine, repeatable: systemtap, kprobe_events. Default: both.")]
        public string[]? Engines { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives the run directory. Default: ./runs.")]
        [DefaultValue("runs")]
        public string Out { get; init; } = "runs";

        [CommandOption("--db <FILE>")]
        [Description("History database: a SQLite file, or PostgreSQL as postgres://user:pass@host/db or an Npgsql connection string. Default: history.sqlite in the harness cache.")]
        public string? Database { get; init; }

        [CommandOption("--matrix <NAME|PATH>")]
        [Description("Run a matrix of arch x kernel x engine cells (matrices/NAME.yaml) instead of one cell; ends with the cell table.")]
        public string? Matrix { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("With --matrix: arch x kernel groups at once. Default: as many as cores and memory allow.")]
        public int? Parallel { get; init; }

        [CommandOption("--stap-testsuite <PATH>")]
        [Description("Run a SystemTap source tree's testsuite/ pass directories (parseok ... buildko) on the host, unchanged, instead of a suite.")]
        public string? StapTestsuite { get; init; }

        [CommandOption("--only <REGEX>")]
        [Description("SystemTap's own suites: only tests whose name matches (e.g. 'general/' or 'buildok/').")]
        public string? Only { get; init; }

        [CommandOption("--host-only")]
        [Description("SystemTap's own suites: passes 1-4 on the host only; no guest is booted.")]
        public bool HostOnly { get; init; }

        [CommandOption("--fresh")]
        [Description("SystemTap's own suites: run every host command again instead of answering from remembered results of the same inputs.")]
        public bool Fresh { get; init; }

        [CommandOption("--profile")]
        [Description("Record where the run's time goes into profile.nettrace in the run directory; read it with `harness profile RUN`.")]
        public bool Profile { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("Probe builds at once on the host. Default: the number of cores.")]
        public int? Jobs { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var options = new RunOptions
        {
            Suite = s.Suite,
            Arch = s.Arch,
            Kernel = s.Kernel,
            Engines = s.Engines is { Length: > 0 } e ? e : new RunOptions().Engines,
            OutDirectory = s.Out,
            Database = s.Database,
            BuildJobs = s.Jobs ?? new RunOptions().BuildJobs,
            StapTestsuite = s.StapTestsuite,
            Only = s.Only,
            HostOnly = s.HostOnly,
            Fresh = s.Fresh,
        };
        var profile = s.Profile ? Profiling.ProfileSession.Start(s.Out) : null;
        IRunObserver progress = new ConsoleProgress(console);
        if (profile is not null) progress = Profiling.ProfileSession.Observe(progress);
        if (s.Matrix is { } name)
        {
            var matrix = Running.Matrix.Load(name);
            var parallel = s.Parallel ?? MatrixRun.DefaultParallelism(options.GuestMemoryMb);
            var (whole, cells, wall) = await new MatrixRun(matrix, options, HarnessCache.Default(), progress).ExecuteAsync(parallel, ct);
            Summarise(whole);
            var table = new Table().AddColumns(CellTable.Columns);
            foreach (var c in cells) table.AddRow(CellTable.Row(c).Select(Markup.Escape).ToArray());
            console.Write(table);
            console.MarkupLine($"matrix wall time {wall.TotalSeconds:0} s, {parallel} group(s) at once; cell table: {Markup.Escape(Path.Combine(whole.Info.RunDirectory, "cells.md"))}");
            if (profile is not null) console.MarkupLine($"profile: {Markup.Escape(await profile.FinishAsync(whole.Info.RunDirectory))}");
            return whole.ExitCode;
        }
        var run = new HarnessRun(options, HarnessCache.Default(), progress);
        var report = await run.ExecuteAsync(ct);
        Summarise(report);
        if (run.Guests is { } g) console.WriteLine(g.ToString());
        if (profile is not null) console.MarkupLine($"profile: {Markup.Escape(await profile.FinishAsync(report.Info.RunDirectory))}");
        return report.ExitCode;
    }

    private void Summarise(RunReport report)
    {
        var table = new Table().AddColumns("Test", "Engine", "State", "Culprit", "Time");
        foreach (var r in report.Results)
            table.AddRow(Markup.Escape(r.Test), Markup.Escape(r.Cell.Engine), r.State.DejaGnuWord(),
                r.Culprit == Culprit.None ? "" : r.Culprit.ToString(), $"{r.Duration.TotalSeconds:0.0} s");
        console.Write(table);
        foreach (var r in report.Results.Where(r => r.State != TestState.Pass && r.Reason is not null))
            console.MarkupLine($"[grey]{r.State.DejaGnuWord()}: {Markup.Escape(r.Test)}: {Markup.Escape(r.Reason!)}[/]");
        var counts = report.Results.GroupBy(r => r.State).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.DejaGnuWord()} {g.Count()}");
        console.MarkupLine($"{Markup.Escape(string.Join(", ", counts))}");
        console.MarkupLine($"run directory: {Markup.Escape(report.Info.RunDirectory)}");
        console.MarkupLine(report.ExitCode switch
        {
            Gate.Passed => "[green]gate: passed[/]",
            Gate.Unexpected => "[red]gate: failed (unexpected results)[/]",
            _ => "[yellow]gate: failed (some tests could not be judged)[/]",
        });
    }
}

using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Inputs;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness run`: one suite on one architecture and kernel, with one or more engines.</summary>
public sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--suite <NAME|PATH>")]
        [Description("Suite to run: a folder name under suites/ or a path to a suite folder or suite.yaml. Default: smoke (with --matrix: the matrix's suite).")]
        public string? Suite { get; init; }

        [CommandOption("--engine <NAME>")]
        [Description("Probe engine, repeatable: systemtap, kprobe_events. Default: both.")]
        public string[]? Engines { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives the run directory. Default: ./runs.")]
        [DefaultValue("runs")]
        public string Out { get; init; } = "runs";

        [CommandOption("--db <FILE>")]
        [Description(HistoryOption.Description)]
        public string? Database { get; init; }

        [CommandOption("--matrix <NAME|PATH>")]
        [Description("Run a matrix of arch x kernel x engine cells (matrices/NAME.yaml) instead of one cell; ends with the cell table.")]
        public string? Matrix { get; init; }

        [CommandOption("--shard <I/N>")]
        [Description("With --matrix: run only shard I of N (I from 0), a deterministic share of the arch x kernel groups, the same on every machine; shards given the same --db merge in that history.")]
        public string? Shard { get; init; }

        [CommandOption("--run-id <ID>")]
        [Description("With --matrix: the run this process joins in the history (--db, shared): shards given the same id make one run that `report` and `compare` see whole, each shard's host and job recorded; `harness merge ID` closes it. Emitted job specs pass their engine's job id.")]
        public string? RunId { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("With --matrix: arch x kernel groups at once. Default: as many as cores and memory allow.")]
        public int? Parallel { get; init; }

        [CommandOption("--stap-testsuite <PATH>")]
        [Description("Run a SystemTap source tree's testsuite/ pass directories (parseok ... buildko) on the host, unchanged, instead of a suite.")]
        public string? StapTestsuite { get; init; }

        [CommandOption("--only <REGEX>")]
        [Description("Only tests whose name matches (a suite's test names; SystemTap's own suites: e.g. 'general/' or 'buildok/').")]
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

        [CommandOption("--machinery-coverage")]
        [Description("Trace the probe machinery's kernel functions (kprobe, rethook, optprobe, ftrace-ops, uprobe) in the guests while the tests run; each cell records the ones its tests exercised (machinery-coverage.txt, and the history for `compare`).")]
        public bool MachineryCoverage { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("Probe builds at once on the host. Default: the number of cores.")]
        public int? Jobs { get; init; }

        /// <summary>Options that choose what runs, given together where one overrides the other.</summary>
        protected override void Check()
        {
            if (StapTestsuite is not null && Suite is not null)
                throw new InputException("--suite and --stap-testsuite each name what to run: give one");
            if ((StapTestsuite is not null || Suite == Conformance.ConformanceSuites.Examples) && Engines?.Any(e => e != "systemtap") == true)
                throw new InputException("SystemTap's own suites run systemtap only: leave out --engine or give --engine systemtap");
            if (Matrix is not null)
            {
                foreach (var (given, option) in new[] { (Arch, "--arch"), (Kernel, "--kernel"), (StapTestsuite, "--stap-testsuite") })
                    if (given is not null) throw new InputException($"--matrix names its own arches, kernels and suite: {option} cannot go with it");
                if (Engines is { Length: > 0 }) throw new InputException("--matrix names its own engines: --engine cannot go with it");
            }
            else if (Parallel is not null) throw new InputException("--parallel applies to --matrix runs only");
            else if (Shard is not null) throw new InputException("--shard applies to --matrix runs only");
            else if (RunId is not null) throw new InputException("--run-id applies to --matrix runs only");
            if (Shard is not null) Sharding.Shard.Parse(Shard);
            if (RunId is not null && !Sharding.ShardHistory.IsValidId(RunId))
                throw new InputException($"--run-id '{RunId}': letters, digits, '.', '_' and '-' only, at most 100");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var options = new RunOptions
        {
            Suite = s.Suite ?? new RunOptions().Suite,
            Arch = s.ArchName,
            Kernel = s.KernelText,
            Engines = s.Engines is { Length: > 0 } e ? e : Engines.EngineRegistry.Names,
            OutDirectory = s.Out,
            Database = s.Database,
            BuildJobs = s.Jobs ?? new RunOptions().BuildJobs,
            StapTestsuite = s.StapTestsuite,
            Only = s.Only,
            HostOnly = s.HostOnly,
            Fresh = s.Fresh,
            MachineryCoverage = s.MachineryCoverage,
        };
        if (s.Matrix is { } name)
        {
            // Every group's suite, arch, kernel and engines, checked before the first group starts.
            var shard = s.Shard is null ? Sharding.Shard.Whole : Sharding.Shard.Parse(s.Shard);
            var full = RunChecks.CheckMatrix(name, options, s.Parallel, s.Suite);
            var matrix = Sharding.ShardPlan.Slice(full, shard);
            if (shard.Count > 1)
                console.MarkupLine(Markup.Escape($"shard {shard}: {matrix.CellCount} cell(s): {string.Join(", ", matrix.Groups)}"));
            var parallel = s.Parallel ?? MatrixRun.DefaultParallelism(options.GuestMemoryMb);
            var (profile, progress) = Profiled(s);
            var (whole, cells, wall) = s.RunId is { } runId
                ? await new Sharding.ShardedRun(full, shard, runId, Sharding.ShardedRun.JobFromEnvironment(Environment.GetEnvironmentVariable),
                    options, HarnessCache.Default(), progress).ExecuteAsync(parallel, ct)
                : await new MatrixRun(matrix, options, HarnessCache.Default(), progress).ExecuteAsync(parallel, ct);
            Summarise(whole);
            var table = new Table().AddColumns(CellTable.Columns);
            foreach (var c in cells) table.AddRow(CellTable.Row(c).Select(t => ConsoleProgress.Shown(t)).ToArray());
            console.Write(table);
            console.MarkupLine($"matrix wall time {wall.TotalSeconds:0} s, {parallel} group(s) at once; cell table: {Markup.Escape(Path.Combine(whole.Info.RunDirectory, "cells.md"))}");
            if (s.RunId is not null) console.MarkupLine(Markup.Escape($"shard {shard} of run {s.RunId} recorded; `harness merge {s.RunId}` closes the run once every shard has ended"));
            if (profile is not null) console.MarkupLine($"profile: {Markup.Escape(await profile.FinishAsync(whole.Info.RunDirectory))}");
            return whole.ExitCode;
        }
        RunChecks.Check(options);
        var (prof, observer) = Profiled(s);
        var run = new HarnessRun(options, HarnessCache.Default(), observer);
        var report = await run.ExecuteAsync(ct);
        Summarise(report);
        if (run.Guests is { } g) console.WriteLine(g.ToString());
        if (prof is not null) console.MarkupLine($"profile: {Markup.Escape(await prof.FinishAsync(report.Info.RunDirectory))}");
        return report.ExitCode;
    }

    /// <summary>With --profile (started only once the inputs are checked): a trace session and an observer that marks phases.</summary>
    private (Profiling.ProfileSession?, IRunObserver) Profiled(Settings s)
    {
        IRunObserver progress = new ConsoleProgress(console);
        if (!s.Profile) return (null, progress);
        return (Profiling.ProfileSession.Start(s.Out), Profiling.ProfileSession.Observe(progress));
    }

    private void Summarise(RunReport report)
    {
        var table = new Table().AddColumns("Test", "Engine", "State", "Culprit", "Time");
        foreach (var r in report.Results)
            table.AddRow(ConsoleProgress.Shown(r.Test), ConsoleProgress.Shown(r.Cell.Engine), r.State.DejaGnuWord(),
                r.Culprit == Culprit.None ? "" : r.Culprit.ToString(), $"{r.Duration.TotalSeconds:0.0} s");
        console.Write(table);
        foreach (var r in report.Results.Where(r => r.State != TestState.Pass && r.Reason is not null))
            console.MarkupLine($"[grey]{r.State.DejaGnuWord()}: {ConsoleProgress.Shown(r.Test)}: {ConsoleProgress.Shown(r.Reason, 2000)}[/]");
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

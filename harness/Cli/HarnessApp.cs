using ProbeHarness.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// The `harness` command line: its commands, and how any of them ends. Program.cs runs it on the
/// process's streams; tests run it on their own, in-process.
/// </summary>
public static class HarnessApp
{
    public static void Configure(IConfigurator c)
    {
        c.SetApplicationName("harness");
        c.Settings.StrictParsing = true;
        c.AddCommand<RunCommand>("run")
            .WithDescription("Run a suite in real guests: boots the kernel under QEMU, runs each engine's probes, judges, reports, gates.");
        c.AddBranch("bench", b =>
        {
            b.SetDescription("Benchmarks that print figures.");
            b.AddCommand<BenchConformanceCommand>("conformance").WithDescription("The examples' test_check set: harness against a serial stap loop, cold and warm cache.");
            b.AddCommand<BenchBootCommand>("boot").WithDescription("QEMU start to agent ready, against a plain boot that powers off at once.");
            b.AddCommand<BenchOverheadCommand>("overhead").WithDescription("ns per probe hit (kprobe, kretprobe) with 95% confidence intervals.");
            b.AddCommand<BenchFaultsCommand>("faults").WithDescription("Faults injected into real runs (QEMU killed or stopped, the agent killed, guest OOM, full tmpfs, the harness killed): verdicts, culprits, leaked processes, lost results.");
            b.AddCommand<BenchTriageCommand>("triage").WithDescription("Console text parsed per second: whole-log parse and streaming monitor, over the corpus.");
        });
        c.AddCommand<MatrixCommand>("matrix")
            .WithDescription("A matrix's cells split into shards, or the job description of a cluster engine that runs them (--emit github|gitlab|slurm|k8s).");
        c.AddCommand<MergeCommand>("merge")
            .WithDescription("Close a run spread over shards once its shards have ended: what a shard did not record becomes UNRESOLVED; refuses while a shard may still run (--force, --stale-after).");
        c.AddBranch("submit", b =>
        {
            b.SetDescription("Submit a matrix run to a cluster engine, a shard per job.");
            b.AddCommand<SubmitSlurmCommand>("slurm").WithDescription("A Slurm job array (sbatch), a shard per task, into one run of the shared history; --wait merges it.");
        });
        c.AddCommand<ReportCommand>("report")
            .WithDescription("Write a run's .sum, .log, junit.xml and summary.md again from the history database, or list runs.");
        c.AddCommand<CompareCommand>("compare")
            .WithDescription("What got worse since a baseline: new failures, fixes, state changes, crashes, overhead; exit 0 nothing worse, 1 regressions, 2 could not compare.");
        c.AddCommand<NightlyCommand>("nightly")
            .WithDescription("Tonight's newest Debian kernels through a matrix, compared with the last good night in the history; gates on what got worse.");
        c.AddCommand<CoverageCommand>("coverage")
            .WithDescription("Which probe points an engine can place on a kernel: SystemTap's tapset aliases without debuginfo, and kprobe_events' functions.");
        c.AddCommand<ProfileCommand>("profile")
            .WithDescription("Where a `run --profile` spent its time: per phase, per cell, and the harness's own CPU against its children's.");
        c.AddCommand<TriageCliCommand>("triage")
            .WithDescription("Title, type and culprit of every crash report in console logs (files, or folders of *.log).");
        c.AddCommand<FuzzCommand>("fuzz")
            .WithDescription("Generated probe scripts against an engine (translator: stap passes 1-3 on the host); minimized findings under fuzz/findings; exit 1 when something new was found.");
        c.AddCommand<ExploreCommand>("explore")
            .WithDescription("Error-path exploration (fail-nth): each listed kernel function a system call reaches fails on its 1st, 2nd, ... call, a restored guest per step; errno, survival, leaks; exit 1 on a finding.");
        c.AddCommand<CorpusCommand>("corpus")
            .WithDescription("Boot the crash cases of vmimages/crashmod/cases.yaml and write the triage corpus's console logs.");
    }

    /// <summary>
    /// Runs one command line. Whatever happens it returns the documented exit code; a failure is one
    /// line on <paramref name="streams"/>' error stream, and a run it aborted is closed in the history with that line.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CliStreams streams, CancellationToken ct)
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            Configure(c);
            c.PropagateExceptions();
            // Spectre registers its own console for the commands unless told which one: ours does not wrap a log.
            c.ConfigureConsole(console);
            c.Settings.Registrar.RegisterInstance(console);
            c.Settings.Registrar.RegisterInstance(streams);
        });
        try
        {
            var exit = await app.RunAsync(args, ct);
            if (!ct.IsCancellationRequested) return exit;
            return Fail(new OperationCanceledException(ct), streams, ct);
        }
        catch (Exception e)
        {
            return Fail(e, streams, ct);
        }
    }

    internal static int Fail(Exception e, CliStreams streams, CancellationToken ct)
    {
        var (exit, line) = FailureLine.Of(e, ct.IsCancellationRequested);
        AbortedRuns.Explain(line, exit);
        streams.Error.WriteLine(line);
        if (Environment.GetEnvironmentVariable("PROBE_HARNESS_DEBUG") == "1") streams.Error.WriteLine(e);
        return exit;
    }
}

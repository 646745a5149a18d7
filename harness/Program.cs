using ProbeHarness.Cli;
using ProbeHarness.Processes;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(c =>
{
    c.SetApplicationName("harness");
    c.PropagateExceptions();
    c.Settings.StrictParsing = true;
    c.Settings.Registrar.RegisterInstance<IAnsiConsole>(AnsiConsole.Console);
    c.AddCommand<RunCommand>("run")
        .WithDescription("Run a suite in real guests: boots the kernel under QEMU, runs each engine's probes, judges, reports, gates.");
    c.AddBranch("bench", b =>
    {
        b.SetDescription("Benchmarks that print figures.");
        b.AddCommand<BenchConformanceCommand>("conformance").WithDescription("The examples' test_check set: harness against a serial stap loop, cold and warm cache.");
        b.AddCommand<BenchBootCommand>("boot").WithDescription("QEMU start to agent ready, against a plain boot that powers off at once.");
        b.AddCommand<BenchOverheadCommand>("overhead").WithDescription("ns per probe hit (kprobe, kretprobe) with 95% confidence intervals.");
        b.AddCommand<BenchTriageCommand>("triage").WithDescription("Console text parsed per second: whole-log parse and streaming monitor, over the corpus.");
    });
    c.AddCommand<ReportCommand>("report")
        .WithDescription("Write a run's .sum, .log, junit.xml and summary.md again from the history database, or list runs.");
    c.AddCommand<CompareCommand>("compare")
        .WithDescription("What got worse since a baseline: new failures, fixes, state changes, crashes, overhead; exit 0 nothing worse, 1 regressions, 2 could not compare.");
    c.AddCommand<NightlyCommand>("nightly")
        .WithDescription("Tonight's newest Debian kernels through a matrix, compared with the last good night in the history; gates on what got worse.");
    c.AddCommand<TriageCliCommand>("triage")
        .WithDescription("Title, type and culprit of every crash report in console logs.");
    c.AddCommand<CorpusCommand>("corpus")
        .WithDescription("Boot the crash cases of vmimages/crashmod/cases.yaml and write the triage corpus's console logs.");
});
try
{
    return await app.RunAsync(args);
}
catch (Exception e) when (e is CommandParseException or CommandRuntimeException or ProbeHarness.DataFiles.DataFileException
                              or FileNotFoundException or DirectoryNotFoundException or FormatException or ArgumentException)
{
    // Bad input: say what and where, exit 2, no stack trace.
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 2;
}
finally
{
    ChildProcesses.KillAll();
}

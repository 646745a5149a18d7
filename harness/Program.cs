using ProbeHarness.Cli;
using ProbeHarness.Processes;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(c =>
{
    c.SetApplicationName("harness");
    c.Settings.Registrar.RegisterInstance<IAnsiConsole>(AnsiConsole.Console);
    c.AddCommand<RunCommand>("run")
        .WithDescription("Run a suite in real guests: boots the kernel under QEMU, runs each engine's probes, judges, reports, gates.");
    c.AddBranch("bench", b =>
    {
        b.SetDescription("Benchmarks that print figures.");
        b.AddCommand<BenchConformanceCommand>("conformance").WithDescription("The examples' test_check set: harness against a serial stap loop, cold and warm cache.");
        b.AddCommand<BenchBootCommand>("boot").WithDescription("QEMU start to agent ready, against a plain boot that powers off at once.");
    });
    c.AddCommand<TriageCliCommand>("triage")
        .WithDescription("Title, type and culprit of every crash report in console logs.");
});
try
{
    return await app.RunAsync(args);
}
finally
{
    ChildProcesses.KillAll();
}

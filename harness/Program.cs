using ProbeHarness.Cli;
using ProbeHarness.Processes;

// Ctrl-C cancels the command (its run is closed in the history as interrupted); a second one ends the process.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return;
    e.Cancel = true;
    interrupt.Cancel();
};
try
{
    var console = TerminalConsole.For(Console.Out, isTerminal: !Console.IsOutputRedirected);
    return await HarnessApp.RunAsync(args, console, CliStreams.Process, interrupt.Token);
}
finally
{
    ChildProcesses.KillAll();
}

using System.Diagnostics;
using ProbeHarness.Machines;
using ProbeHarness.Running;
using ProbeHarness.Text;
using ProbeHarness.Verdicts;
using Spectre.Console;

namespace ProbeHarness.Cli;

/// <summary>
/// Shows a run as it goes: one timestamped line per phase, boot and result. Text that may come from
/// a guest (phases quoting it, the release, reasons, test names) is cleaned of escape sequences and
/// controls first, as the exporters clean it.
/// </summary>
public sealed class ConsoleProgress(IAnsiConsole console) : IRunObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private string Stamp => $"[grey]{_clock.Elapsed:mm\\:ss}[/]";

    public void Phase(string cell, string what) =>
        console.MarkupLine($"{Stamp} [blue]{Shown(cell)}[/] {Shown(what)}");

    public void AfterBoot(QemuMachine machine) =>
        console.MarkupLine($"{Stamp} guest up in {machine.BootTime.TotalSeconds:0.0} s ({Shown(machine.Agent.GuestRelease)})");

    public void TestFinished(TestResult r)
    {
        var colour = r.State switch
        {
            TestState.Pass or TestState.XFail or TestState.KFail => "green",
            TestState.Fail or TestState.XPass or TestState.KPass => "red",
            _ => "yellow",
        };
        var why = r.Reason is null ? "" : $" [grey]{Shown(r.Reason, 160)}[/]";
        console.MarkupLine($"{Stamp} [{colour}]{r.State.DejaGnuWord()}[/]: {Shown(r.FullName)} ({r.Duration.TotalSeconds:0.0} s){why}");
    }

    /// <summary>Text for a markup line: cleaned, on one line, cut, and escaped for Spectre's markup.</summary>
    public static string Shown(string? text, int max = 500) => Markup.Escape(UntrustedText.OneLine(text, max));
}

using System.Diagnostics;
using ProbeHarness.Machines;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;
using Spectre.Console;

namespace ProbeHarness.Cli;

/// <summary>Shows a run as it goes: one timestamped line per phase, boot and result.</summary>
public sealed class ConsoleProgress(IAnsiConsole console) : IRunObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private string Stamp => $"[grey]{_clock.Elapsed:mm\\:ss}[/]";

    public void Phase(string cell, string what) =>
        console.MarkupLine($"{Stamp} [blue]{Markup.Escape(cell)}[/] {Markup.Escape(what)}");

    public void AfterBoot(QemuMachine machine) =>
        console.MarkupLine($"{Stamp} guest up in {machine.BootTime.TotalSeconds:0.0} s ({Markup.Escape(machine.Agent.GuestRelease)})");

    public void TestFinished(TestResult r)
    {
        var colour = r.State switch
        {
            TestState.Pass or TestState.XFail or TestState.KFail => "green",
            TestState.Fail or TestState.XPass or TestState.KPass => "red",
            _ => "yellow",
        };
        var why = r.Reason is null ? "" : $" [grey]{Markup.Escape(Clip(r.Reason))}[/]";
        console.MarkupLine($"{Stamp} [{colour}]{r.State.DejaGnuWord()}[/]: {Markup.Escape(r.FullName)} ({r.Duration.TotalSeconds:0.0} s){why}");
    }

    private static string Clip(string s) => s.Length > 160 ? s[..160] + "…" : s;
}

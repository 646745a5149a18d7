using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Inputs;
using ProbeHarness.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench boot`: boot-time figures, printed, not asserted.</summary>
public sealed class BenchBootCommand(IAnsiConsole console) : AsyncCommand<BenchBootCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--runs <N>")]
        [Description("Boots of each kind, interleaved. Default: 5.")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        protected override void Check() => RunChecks.AtLeastOne(Runs, "--runs");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var f = await BootBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Runs, line => console.WriteLine(line), ct);
        var t = new Table().AddColumns("", "median s", "min s", "max s");
        t.AddRow("QEMU start to agent ready", $"{Stats.Median(f.AgentReady):0.00}", $"{f.AgentReady.Min():0.00}", $"{f.AgentReady.Max():0.00}");
        t.AddRow("plain qemu, init powers off", $"{Stats.Median(f.PlainPowerOff):0.00}", $"{f.PlainPowerOff.Min():0.00}", $"{f.PlainPowerOff.Max():0.00}");
        console.Write(t);
        console.WriteLine($"ratio agent-ready / plain power-off (medians): {f.Ratio:0.00}");
        return 0;
    }
}

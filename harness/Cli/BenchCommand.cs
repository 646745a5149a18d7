using System.ComponentModel;
using ProbeHarness.Architectures;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Inputs;
using ProbeHarness.Kernels;
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

        [CommandOption("--against-former")]
        [Description("Boot each architecture's current arch-table row against its former row (CPU model, firmware, kernel file) " +
            "and print the speed-up. Every architecture with a former row unless --arch names one; the kernel defaults to the " +
            "first distribution serving the arch.")]
        public bool AgainstFormer { get; init; }

        protected override void Check()
        {
            RunChecks.AtLeastOne(Runs, "--runs");
            if (AgainstFormer && Arch is not null && ArchTable.FormerOf(ArchName) is null)
                throw new InputException($"--arch {Arch}: the arch table has no former row for it; former rows: " +
                    string.Join(", ", ArchTable.Former.Select(a => a.Name)));
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.AgainstFormer) return await AgainstFormerAsync(s, ct);
        var f = await BootBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Runs, line => console.WriteLine(line), ct);
        var t = new Table().AddColumns("", "median s", "min s", "max s");
        t.AddRow("QEMU start to agent ready", $"{Stats.Median(f.AgentReady):0.00}", $"{f.AgentReady.Min():0.00}", $"{f.AgentReady.Max():0.00}");
        t.AddRow("plain qemu, init powers off", $"{Stats.Median(f.PlainPowerOff):0.00}", $"{f.PlainPowerOff.Min():0.00}", $"{f.PlainPowerOff.Max():0.00}");
        console.Write(t);
        console.WriteLine($"ratio agent-ready / plain power-off (medians): {f.Ratio:0.00}");
        return 0;
    }

    private async Task<int> AgainstFormerAsync(Settings s, CancellationToken ct)
    {
        var arches = s.Arch is null ? ArchTable.Former.Select(f => ArchTable.Get(f.Name)) : [ArchTable.Get(s.ArchName)];
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        console.WriteLine($"load average at start: {load}");
        var t = new Table().AddColumns("arch", "kernel", "former", "now", "former median s", "now median s", "speed-up");
        foreach (var arch in arches)
        {
            var spec = KernelSpec.Parse(s.Kernel ?? DistroTable.All.First(d => d.KernelArches.Contains(arch.DebianArch)).Name);
            var f = await FormerBootBenchmark.RunAsync(HarnessCache.Default(), arch, spec, s.Runs, line => console.WriteLine(line), ct);
            t.AddRow(Markup.Escape(f.Arch), Markup.Escape(f.Kernel), Markup.Escape(f.FormerSetting), Markup.Escape(f.NowSetting),
                $"{Stats.Median(f.Former):0.00}", $"{Stats.Median(f.Now):0.00}", $"{f.Ratio:0.00}x");
        }
        console.Write(t);
        load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        console.WriteLine($"load average at end: {load}");
        return 0;
    }
}

using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Inputs;
using ProbeHarness.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench overhead`: ns per probe hit (kprobe, kretprobe) with 95% confidence intervals.</summary>
public sealed class BenchOverheadCommand(IAnsiConsole console) : AsyncCommand<BenchOverheadCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--calls <N>")]
        [Description("getpid calls per timed loop. Default: 20000.")]
        [DefaultValue(20000)]
        public int Calls { get; init; } = 20000;

        [CommandOption("--reps <N>")]
        [Description("Interleaved repetitions of every condition. Default: 15.")]
        [DefaultValue(15)]
        public int Reps { get; init; } = 15;

        protected override void Check()
        {
            RunChecks.AtLeastOne(Calls, "--calls");
            // A confidence interval needs two repetitions at least.
            RunChecks.AtLeast(2, Reps, "--reps");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var f = await OverheadBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Calls, s.Reps, l => console.WriteLine(l), ct);
        var t = new Table().AddColumns("condition", "ns (mean)", "95% CI", "kprobes list flags");
        Row("getpid, no probe (ns per call)", f.BaselineNsPerCall, "");
        foreach (var (name, e) in f.OverheadNsPerHit) Row($"{name} (ns added per hit)", e, f.Modes.GetValueOrDefault(name, ""));
        console.Write(t);

        void Row(string what, Estimate e, string flags) =>
            t.AddRow(Markup.Escape(what), $"{e.Mean:0}", Markup.Escape($"[{e.Low:0}, {e.High:0}]"), Markup.Escape(flags));
        console.WriteLine($"accelerator: {f.Accelerator} (under TCG every figure is many times its native cost; compare ratios within one run)");
        return 0;
    }
}

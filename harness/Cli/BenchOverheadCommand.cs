using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Comparing;
using ProbeHarness.Inputs;
using ProbeHarness.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench overhead`: ns per probe hit (kprobe, kretprobe) with 95% confidence intervals; --calibrate judges the regression test.</summary>
public sealed class BenchOverheadCommand(IAnsiConsole console) : AsyncCommand<BenchOverheadCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--calls <N>")]
        [Description("getpid calls per timed loop. Default: 20000.")]
        [DefaultValue(20000)]
        public int Calls { get; init; } = 20000;

        [CommandOption("--reps <N>")]
        [Description("Interleaved repetitions of every condition. Default: 15 (with --calibrate: at least 40).")]
        [DefaultValue(15)]
        public int Reps { get; init; } = 15;

        [CommandOption("--icount")]
        [Description("Under TCG, tie guest time to instructions (QEMU -icount shift=0,sleep=off): deterministic figures, immune to host load.")]
        public bool Icount { get; init; }

        [CommandOption("--calibrate")]
        [Description("Measure the overhead regression test itself: A/A false-alarm rate, detection of an injected +10% and of a slowed handler, per threshold.")]
        public bool Calibrate { get; init; }

        protected override void Check()
        {
            RunChecks.AtLeastOne(Calls, "--calls");
            // A confidence interval needs two repetitions at least.
            RunChecks.AtLeast(2, Reps, "--reps");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.Calibrate) return await CalibrateAsync(s, ct);
        var f = await OverheadBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Calls, s.Reps, OverheadBenchmark.Standard,
            l => console.WriteLine(l), ct, s.Icount);
        var t = new Table().AddColumns("condition", "ns (mean)", "95% CI", "kprobes list flags");
        Row("getpid, no probe (ns per call)", f.BaselineNsPerCall, "");
        foreach (var (name, e) in f.OverheadNsPerHit) Row($"{name} (ns added per hit)", e, f.Modes.GetValueOrDefault(name, ""));
        console.Write(t);

        void Row(string what, Estimate e, string flags) =>
            t.AddRow(Markup.Escape(what), $"{e.Mean:0}", Markup.Escape($"[{e.Low:0}, {e.High:0}]"), Markup.Escape(flags));
        console.WriteLine($"accelerator: {f.Accelerator} (under TCG every figure is many times its native cost; compare ratios within one run)");
        return 0;
    }

    private async Task<int> CalibrateAsync(Settings s, CancellationToken ct)
    {
        var reps = Math.Max(40, s.Reps);
        var probes = new[] { ("kprobe", "p:oh_entry ${SYSCALL_PREFIX}getpid"), OverheadBenchmark.Slowed };
        var f = await OverheadBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Calls, reps, probes, l => console.WriteLine(l), ct, s.Icount);
        var c = OverheadCalibration.Of(f.Samples["kprobe"], f.Samples[OverheadBenchmark.Slowed.Name]);
        console.WriteLine($"{c.Reps} interleaved repetitions of {s.Calls} getpid calls on {s.ArchName} ({f.Accelerator}); kprobe {f.OverheadNsPerHit["kprobe"]} ns/hit, "
                          + $"slowed handler {f.OverheadNsPerHit[OverheadBenchmark.Slowed.Name]} ns/hit (x{c.SlowedRatio:0.00} of the kprobe's median)");
        console.WriteLine($"{c.Splits} random splits into {c.PerSide} vs {c.PerSide} samples; test: one-sided Mann-Whitney U at alpha, and median ratio >= 1 + min effect");
        var t = new Table().AddColumns("alpha", "min effect", "A/A false alarms", "detects +10%", "detects slowed handler", "");
        foreach (var r in c.Rows)
            t.AddRow($"{r.Alpha:0.###}", $"{r.MinEffect:0%}", $"{r.FalseAlarm:0.0%}", $"{r.Detect10:0.0%}", $"{r.DetectSlowed:0.0%}",
                r.Alpha == OverheadTest.DefaultAlpha && r.MinEffect == OverheadTest.DefaultMinEffect ? "the compare threshold" : "");
        console.Write(t);
        return 0;
    }
}

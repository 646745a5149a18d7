using System.Text;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.KprobeEvents;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Shell;
using ProbeHarness.Statistics;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// The cost of one probe hit, in ns, with a confidence interval: the same getpid loop timed in
/// the guest with no probe, with an entry kprobe and with a kretprobe, the three interleaved in
/// every repetition so drift on a shared machine falls on all of them alike. The overhead of a
/// repetition is its probed time minus its own baseline, per call.
/// </summary>
public static class OverheadBenchmark
{
    /// <param name="Samples">Per condition, the ns added per hit in each repetition, in order: what comparisons test.</param>
    public sealed record Figures(Estimate BaselineNsPerCall, IReadOnlyDictionary<string, Estimate> OverheadNsPerHit,
        IReadOnlyDictionary<string, string> Modes, string Accelerator, IReadOnlyDictionary<string, IReadOnlyList<double>> Samples);

    public static readonly (string Name, string Definition)[] Standard =
    [
        ("kprobe", "p:oh_entry ${SYSCALL_PREFIX}getpid"),
        ("kretprobe", "r:oh_return ${SYSCALL_PREFIX}getpid"),
    ];

    /// <summary>
    /// The calibration's slowed handler: the same entry kprobe doing a fixed amount of extra work on
    /// every hit (twelve stack entries fetched and written to the trace buffer with the event).
    /// </summary>
    public static readonly (string Name, string Definition) Slowed =
        ("kprobe-slowed", "p:oh_slowed ${SYSCALL_PREFIX}getpid " + string.Join(' ', Enumerable.Range(0, 12).Select(i => $"s{i}=$stack{i}")));

    /// <summary>
    /// QEMU's instruction counting under TCG: guest time advances 1 ns per instruction (shift=0) and
    /// never waits for the host (sleep=off), so a figure is a count of the guest's work, the same on
    /// a busy host as on an idle one, and small changes stand above emulation noise.
    /// </summary>
    public static readonly IReadOnlyList<string> Icount = ["-icount", "shift=0,sleep=off"];

    public static Task<Figures> RunAsync(HarnessCache cache, string archName, string kernelSpec, int calls, int reps,
        Action<string> report, CancellationToken ct) =>
        RunAsync(cache, archName, kernelSpec, calls, reps, Standard, report, ct);

    public static async Task<Figures> RunAsync(HarnessCache cache, string archName, string kernelSpec, int calls, int reps,
        IReadOnlyList<(string Name, string Definition)> probes, Action<string> report, CancellationToken ct, bool icount = false)
    {
        var arch = ArchTable.Get(archName);
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse(kernelSpec), arch, null, ct);
        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, ct);
        // A fresh private folder (mode 0700, unpredictable name): the harness runs as root, /tmp is everyone's.
        var work = Directory.CreateTempSubdirectory("ph-overhead-").FullName;
        var counted = icount && Accelerator.For(arch) == "tcg";
        var config = new MachineConfig(arch, kernel.KernelPath, initrd, work, [], QemuArgs: counted ? Icount : null);
        await using var m = await QemuMachine.BootAsync(config, null, ct);
        report($"guest up in {m.BootTime.TotalSeconds:0.0} s ({kernel.Release}{(counted ? ", -icount: guest ns are instructions" : "")}); {reps} repetitions of {calls} getpid calls per condition");

        var baseline = new List<double>();
        var overhead = probes.ToDictionary(p => p.Name, _ => new List<double>());
        var modes = new Dictionary<string, string>();
        for (var r = 0; r < reps; r++)
        {
            var step = await m.Agent.RunAsync(Script(arch, probes, calls, rotate: r), TimeSpan.FromMinutes(5), ct);
            if (step.ExitStatus != 0) throw new InvalidOperationException($"overhead step failed: {step.StderrText}");
            var times = Parse(step.StdoutText, modes);
            var b = times["none"] / calls;
            baseline.Add(b);
            foreach (var (name, _) in probes) overhead[name].Add(times[name] / calls - b);
            report($"rep {r + 1}/{reps}: none {b:0} ns/call, " + string.Join(", ", probes.Select(p => $"{p.Name} +{overhead[p.Name][^1]:0} ns")));
        }
        await m.ShutdownAsync(TimeSpan.FromSeconds(10));
        return new Figures(Estimate.Of(baseline), overhead.ToDictionary(kv => kv.Key, kv => Estimate.Of(kv.Value)), modes, Accelerator.For(arch) + (counted ? " -icount" : ""),
            overhead.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value));
    }

    /// <summary>One repetition: every condition once, in an order rotated per repetition.</summary>
    private static string Script(Arch arch, IReadOnlyList<(string Name, string Definition)> probes, int calls, int rotate)
    {
        var conditions = new List<(string Name, string? Definition)> { ("none", null) };
        conditions.AddRange(probes.Select(p => (p.Name, (string?)ScriptTemplate.Render(p.Definition, arch))));
        var order = conditions.Skip(rotate % conditions.Count).Concat(conditions.Take(rotate % conditions.Count));
        var s = new StringBuilder("T=/sys/kernel/tracing\n[ -f $T/kprobe_events ] || mount -t tracefs nodev $T\nset -e\n");
        foreach (var (name, def) in order)
        {
            if (def is null)
            {
                s.AppendLine($"echo \"{name} $(phtime getpid {calls})\"");
                continue;
            }
            var d = KprobeDefinition.Parse(def, "overhead").Single();
            s.AppendLine($"echo {Sh.Quote(d.EventsLine)} >> $T/kprobe_events");
            s.AppendLine($"echo 1 > $T/events/{KprobeDefinition.Group}/{d.Name}/enable");
            s.AppendLine($"echo \"{name} $(phtime getpid {calls})\"");
            s.AppendLine($"echo \"mode {name} $(grep -m1 getpid /sys/kernel/debug/kprobes/list | tr -s ' ' | cut -d' ' -f4- )\"");
            s.AppendLine($"echo 0 > $T/events/{KprobeDefinition.Group}/{d.Name}/enable");
            s.AppendLine($"echo '-:{KprobeDefinition.Group}/{d.Name}' >> $T/kprobe_events");
        }
        return s.ToString();
    }

    /// <summary>Lines "NAME CALLS NS" (and "mode NAME FLAGS") → elapsed ns per condition.</summary>
    public static Dictionary<string, double> Parse(string output, Dictionary<string, string> modes)
    {
        var times = new Dictionary<string, double>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[0] == "mode") { modes[f[1]] = string.Join(' ', f.Skip(2)); continue; }
            if (f.Length != 3 || !double.TryParse(f[2], out var ns)) throw new FormatException($"unexpected overhead line '{line}'");
            times[f[0]] = ns;
        }
        return times;
    }
}

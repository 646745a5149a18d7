using ProbeHarness.Guest;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Running;

namespace ProbeHarness.Coverage;

/// <summary>
/// Probe-point coverage of kprobe_events on a kernel, read in a guest: the kernel's text functions
/// (/proc/kallsyms, built-in only, init code left out since it is freed after boot, compiler
/// clones left out since their names are not stable, names defined more than once left out since
/// kprobe_events refuses an ambiguous symbol)
/// minus the kprobe blacklist (debugfs kprobes/blacklist: noinstr, entry code, __kprobes). A
/// random sample of the rest is really registered and removed, so the rule is checked on each kernel.
/// </summary>
public static class KprobeCoverage
{
    public const string Family = "kprobe_events functions";

    public static async Task<ProbePoints> MeasureAsync(HarnessCache cache, string archName, string kernelSpec, int sample, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse(kernelSpec), arch, null, ct);
        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, ct);
        var work = Path.Combine(Path.GetTempPath(), $"ph-coverage-{Environment.ProcessId}");
        await using var m = await QemuMachine.BootAsync(new MachineConfig(arch, kernel.KernelPath, initrd, work, []), null, ct);
        var step = await m.Agent.RunAsync(Script(sample), TimeSpan.FromMinutes(10), ct);
        if (step.ExitStatus != 0) throw new InvalidOperationException($"coverage step failed: {step.StderrText}");
        await m.ShutdownAsync(TimeSpan.FromSeconds(10));
        return Parse(step.StdoutText);
    }

    /// <summary>Prints "candidates N", "refused NAME" per sampled point the kernel refused, "tried N accepted N", then one resolved point per line.</summary>
    private static string Script(int sample) => $$"""
        D=/sys/kernel/debug
        [ -f $D/kprobes/blacklist ] || mount -t debugfs nodev $D
        T=/sys/kernel/tracing
        [ -f $T/kprobe_events ] || mount -t tracefs nodev $T
        # Static call trampolines (__SCT__*) are reserved text, refused by kprobes.
        # A name defined twice is refused (the kernel cannot tell which is meant): uniq -u keeps names defined once.
        # Init code is freed after boot and refused by kprobes: leave out [_sinittext, _einittext) (fixed-width hex compares as text).
        echo 0 > /proc/sys/kernel/kptr_restrict 2>/dev/null || true
        S=$(awk '$3 == "_sinittext" {print $1}' /proc/kallsyms); E=$(awk '$3 == "_einittext" {print $1}' /proc/kallsyms)
        awk -v s="$S" -v e="$E" 'NF == 3 && ($2 == "t" || $2 == "T") && $3 !~ /\./ && $3 !~ /^__pfx_/ && $3 !~ /^__SCT__/ && !(s != "" && $1 >= s && $1 < e) {print $3}' /proc/kallsyms | sort | uniq -u > /tmp/text
        awk '{print $2}' $D/kprobes/blacklist | sort -u > /tmp/black
        echo "candidates $(wc -l < /tmp/text)"
        awk 'NR == FNR {black[$1] = 1; next} !($1 in black)' /tmp/black /tmp/text > /tmp/resolved
        tried=0; accepted=0
        for f in $(awk -v n=$(wc -l < /tmp/resolved) 'BEGIN {srand(1)} {if (rand() * n < {{sample}}) print}' /tmp/resolved); do
          tried=$((tried + 1))
          if echo "p:cov_point $f" >> $T/kprobe_events 2>/dev/null; then
            accepted=$((accepted + 1)); echo "-:cov_point" >> $T/kprobe_events
          else
            echo "refused $f"
          fi
        done
        echo "tried $tried accepted $accepted"
        cat /tmp/resolved
        """;

    public static ProbePoints Parse(string output)
    {
        var all = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var refused = all.Where(l => l.StartsWith("refused ", StringComparison.Ordinal)).Select(l => l["refused ".Length..]).ToList();
        var lines = all.Where(l => !l.StartsWith("refused ", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2 || !lines[0].StartsWith("candidates ", StringComparison.Ordinal) || !lines[1].StartsWith("tried ", StringComparison.Ordinal))
            throw new FormatException($"unexpected coverage output: '{string.Join(" | ", lines.Take(2))}'");
        var tried = lines[1].Split(' ');
        return new ProbePoints(Family, int.Parse(lines[0].Split(' ')[1]), lines.Skip(2).Order(StringComparer.Ordinal).ToList(),
            int.Parse(tried[1]), int.Parse(tried[3]), refused);
    }
}

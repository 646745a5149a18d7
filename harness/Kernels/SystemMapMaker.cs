using System.IO.Compression;
using ProbeHarness.Caching;
using ProbeHarness.Machines;

namespace ProbeHarness.Kernels;

/// <summary>
/// Makes a real System.map for a kernel whose package ships a placeholder: boots it once with
/// `nokaslr`, lifts kptr_restrict, and reads /proc/kallsyms (kernel symbols only) through the
/// agent. Cached per kernel.
/// </summary>
public static class SystemMapMaker
{
    public static async Task<string> GetAsync(HarnessCache cache, KernelImage kernel, Func<string, MachineConfig> configFor, CancellationToken ct)
    {
        if (kernel.SystemMapPath is { } given && IsReal(given)) return given;
        var dir = await cache.GetOrCreateAsync("system-maps", kernel.ContentKey, async (tmp, c) =>
        {
            var config = configFor(Path.Combine(tmp, "boot")) with { KernelArgs = ["nokaslr"] };
            await using var m = await QemuMachine.BootAsync(config, null, c);
            var r = await m.Agent.RunAsync(
                "echo 0 > /proc/sys/kernel/kptr_restrict && grep -v '\\[' /proc/kallsyms | gzip -1",
                TimeSpan.FromSeconds(120), c);
            if (r.ExitStatus != 0)
                throw new MachineFailure(Verdicts.Culprit.Harness, "System.map dump failed", r.StderrText);
            using (var gz = new GZipStream(new MemoryStream(r.Stdout), CompressionMode.Decompress))
            await using (var f = File.Create(Path.Combine(tmp, "System.map")))
                await gz.CopyToAsync(f, c);
            await m.ShutdownAsync(TimeSpan.FromSeconds(10));
            if (!IsReal(Path.Combine(tmp, "System.map")))
                throw new MachineFailure(Verdicts.Culprit.Harness, "System.map dump failed", "kallsyms had no addresses (kptr_restrict?)");
            Directory.Delete(Path.Combine(tmp, "boot"), true);
        }, ct);
        return Path.Combine(dir, "System.map");
    }

    /// <summary>A real map has thousands of symbols with non-zero addresses, _stext among them.</summary>
    public static bool IsReal(string path)
    {
        if (!File.Exists(path)) return false;
        var n = 0;
        var stext = false;
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(' ');
            if (f.Length < 3 || f[0].TrimStart('0').Length == 0) continue;
            n++;
            stext |= f[2] == "_stext";
            if (n > 1000 && stext) return true;
        }
        return false;
    }
}

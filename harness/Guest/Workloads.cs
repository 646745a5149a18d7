using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Processes;

namespace ProbeHarness.Guest;

/// <summary>
/// The workload programs of vmimages/workloads, compiled statically for the guest architecture
/// with the host's (cross) compiler and cached by source and compiler.
/// </summary>
public static class Workloads
{
    /// <summary>Each workload as (guest path, host path).</summary>
    public static async Task<IReadOnlyList<(string GuestPath, string HostPath)>> BuildAsync(HarnessCache cache, Arch arch, CancellationToken ct)
    {
        var sources = Directory.GetFiles(Resources.Dir("vmimages") + "/workloads", "*.c").Order(StringComparer.Ordinal).ToList();
        var gcc = arch.IsHost ? "gcc" : arch.CrossCompilePrefix + "gcc";
        var version = await Tool.RunAsync(gcc, ["--version"], TimeSpan.FromSeconds(30), ct);
        if (!version.Ok)
            throw new Kernels.InfrastructureException($"no C compiler for {arch} workloads: {gcc} ({version.Gist(2)}); install {arch.CrossCompilerPackage} and {arch.CrossLibcPackage} (scripts/setup-host does)");
        var key = HarnessCache.KeyOf([arch.Name, version.Stdout, .. sources.Select(HarnessCache.HashFile)]);
        var dir = await cache.GetOrCreateAsync("workloads", key, async (tmp, c) =>
        {
            foreach (var src in sources)
                await Tool.CheckAsync(gcc, ["-static", "-O2", "-Wall", "-o", Path.Combine(tmp, Path.GetFileNameWithoutExtension(src)), src, "-lpthread"],
                    TimeSpan.FromMinutes(2), c);
        }, ct);
        return sources.Select(s => Path.GetFileNameWithoutExtension(s))
            .Select(n => ($"/usr/bin/{n}", Path.Combine(dir, n))).ToList();
    }
}

using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Guest;

/// <summary>
/// The agent initramfs for one kernel, with the userland a set of guest packages brings:
/// busybox, the agent, the agent channel's modules, the workloads. Cached by everything in it.
/// </summary>
public sealed class GuestImages(HarnessCache cache, KernelImage kernel)
{
    private readonly GuestUserland _userland = new(cache,
        new DebianArchive(cache, DistroTable.Get(kernel.Distro == "local" ? "bookworm" : kernel.Distro), kernel.Arch.DebianArch));
    private string? _busybox;
    private IReadOnlyList<(string GuestPath, string HostPath)>? _workloads;

    public async Task<string> InitrdAsync(IReadOnlyList<string> packages, IProgress<string>? progress, CancellationToken ct)
    {
        var arch = kernel.Arch;
        var userland = _userland;
        // The same for every image of this kernel: looked up once.
        var busybox = _busybox ??= await userland.BusyboxAsync(progress, ct);
        var workloads = _workloads ??= await Workloads.BuildAsync(cache, arch, ct);
        var roots = await userland.UnpackAsync(packages, progress, ct);
        // No modules tree: the kernel was checked to have the agent channel's drivers built in (LocalKernel).
        var modules = kernel.ModulesDir;
        var agent = HarnessCache.HashFile(Resources.PathOf("vmimages", "agent/init"));
        var key = HarnessCache.KeyOf([kernel.ContentKey, agent, HarnessCache.HashFile(busybox), .. roots,
            .. workloads.Select(w => HarnessCache.HashFile(w.HostPath))]);
        var dir = await cache.GetOrCreateAsync("initramfs", key, (tmp, c) =>
            GuestImage.BuildAsync(new GuestImageSpec(arch, modules, busybox, roots, workloads), Path.Combine(tmp, "initrd.gz"), c), ct);
        return Path.Combine(dir, "initrd.gz");
    }
}

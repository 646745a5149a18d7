using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;

namespace ProbeHarness.Running;

/// <summary>
/// The stage every kind of run starts with: the kernel under test (from its distribution's archive,
/// or the user's own), agent initramfs images for it, its real System.map (a boot the first time,
/// then cached per kernel) and the headers tree holding that map, which probes are built against.
/// A suite run and a conformance run share it; a fuzz campaign, a soak or a comparison starts the
/// same way.
/// </summary>
public sealed class KernelStage
{
    private readonly GuestImages _images;
    private readonly HarnessCache _cache;
    private readonly IRunObserver _observer;
    private readonly int _guestMemoryMb;

    private KernelStage(HarnessCache cache, KernelImage kernel, int guestMemoryMb, IRunObserver observer)
    {
        _cache = cache;
        _observer = observer;
        _guestMemoryMb = guestMemoryMb;
        Kernel = kernel;
        _images = new GuestImages(cache, kernel);
    }

    public KernelImage Kernel { get; }
    public Arch Arch => Kernel.Arch;
    private PhaseProgress Progress => new(_observer, Arch.Name);

    /// <summary>Resolves and downloads the kernel <paramref name="spec"/> names for <paramref name="arch"/> (or finds it in the cache).</summary>
    public static async Task<KernelStage> GetAsync(HarnessCache cache, Arch arch, KernelSpec spec, int guestMemoryMb, IRunObserver observer,
        CancellationToken ct)
    {
        observer.Phase(arch.Name, $"kernel {spec}");
        var kernel = await new KernelProvider(cache).GetAsync(spec, arch, new PhaseProgress(observer, arch.Name), ct);
        return new KernelStage(cache, kernel, guestMemoryMb, observer);
    }

    /// <summary>The agent initramfs with the userland of <paramref name="packages"/> (none: the bare agent).</summary>
    public Task<string> InitrdAsync(IReadOnlyList<string> packages, CancellationToken ct) => _images.InitrdAsync(packages, Progress, ct);

    /// <summary>Machines of this kernel booting <paramref name="initrd"/>, each keeping its files in the directory it is given.</summary>
    public Func<string, MachineConfig> Machines(string initrd) =>
        dir => new MachineConfig(Arch, Kernel.KernelPath, initrd, dir, [], _guestMemoryMb);

    /// <summary>The kernel's real System.map: the package's when it is real, else read back from a boot of the bare agent.</summary>
    public async Task<string> SystemMapAsync(CancellationToken ct)
    {
        _observer.Phase(Arch.Name, "System.map");
        var bare = await InitrdAsync([], ct);
        return await SystemMapMaker.GetAsync(_cache, Kernel, Machines(bare), ct);
    }

    /// <summary>What probes are built for: this kernel, with its headers tree holding <paramref name="systemMap"/> (no tree without headers).</summary>
    public async Task<ProbeTarget> TargetAsync(string systemMap, CancellationToken ct)
    {
        // A build tree with its own real map is used as it is (stap -r reads TREE/System.map and TREE/vmlinux).
        var buildDir = Kernel.BuildDir is null ? null
            : Path.GetFullPath(Path.Combine(Kernel.BuildDir, "System.map")) == Path.GetFullPath(systemMap) ? Kernel.BuildDir
            : await BuildTreeWithMap.GetAsync(_cache, Kernel.BuildDir, systemMap, ct);
        return new ProbeTarget(Arch, Kernel.Release, buildDir, systemMap);
    }
}

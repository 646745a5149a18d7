using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// A real Debian kernel and an agent initramfs for it, from the harness cache (downloaded on
/// first use), shared by the real-boot tests.
/// </summary>
internal static class RealGuest
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (KernelImage Kernel, string Initrd)? _made;

    public static async Task<(KernelImage Kernel, string Initrd)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_made is { } m) return m;
            var cache = HarnessCache.Default();
            var arch = ArchTable.Get("x86_64");
            var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), arch);
            var userland = new GuestUserland(cache, new DebianArchive(cache, DistroTable.Get("bookworm"), arch.DebianArch));
            var busybox = await userland.BusyboxAsync(null, CancellationToken.None);
            var workloads = await Workloads.BuildAsync(cache, arch, CancellationToken.None);
            var dir = Path.Combine(Path.GetTempPath(), $"ph-realguest-{Environment.ProcessId}");
            Directory.CreateDirectory(dir);
            var initrd = Path.Combine(dir, "initrd.gz");
            GuestImage.Build(new GuestImageSpec(arch, kernel.ModulesDir!, busybox, [], workloads), initrd);
            _made = (kernel, initrd);
            return _made.Value;
        }
        finally
        {
            Gate.Release();
        }
    }
}

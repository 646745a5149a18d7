using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// A real Debian kernel and the bare agent initramfs for it, from the harness cache (downloaded
/// on first use), shared by the real-boot tests.
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
            var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), ArchTable.Get("x86_64"));
            _made = (kernel, await new GuestImages(cache, kernel).InitrdAsync([], null, CancellationToken.None));
            return _made.Value;
        }
        finally
        {
            Gate.Release();
        }
    }
}

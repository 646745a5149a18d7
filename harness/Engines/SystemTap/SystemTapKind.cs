using ProbeHarness.Caching;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>SystemTap as the registry knows it: used by default, first; its toolchain follows the kernel's distribution.</summary>
public sealed class SystemTapKind : IEngineKind
{
    public string Name => "systemtap";
    public bool IsDefault => true;
    public int Order => 0;

    public async Task<IProbeEngine> CreateAsync(EngineContext context, CancellationToken ct) =>
        await ForKernelAsync(context.Cache, context.Kernel, ct);

    /// <summary>SystemTap for this kernel: its distribution's own toolchain, or chosen per release for a user's kernel.</summary>
    public static async Task<SystemTapEngine> ForKernelAsync(HarnessCache cache, KernelImage kernel, CancellationToken ct)
    {
        var emulated = Accelerator.For(kernel.Arch) == "tcg";
        return kernel.Distro == "local"
            ? await SystemTapEngine.CreateAsync(cache, emulated, ct)
            : await SystemTapEngine.CreateAsync(cache, emulated, kernel.Distro, ct);
    }
}

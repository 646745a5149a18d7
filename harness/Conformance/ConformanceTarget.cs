using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Conformance;

/// <summary>
/// The stap every conformance test calls: the installed translator aimed at the kernel under test
/// (its headers tree with the real System.map, the declared runtime patch where this kernel needs
/// one, the guest's arch), with stap's module cache in the harness cache. Built modules are thus
/// cached by everything that determines them, and stap's cache is safe for concurrent runs.
/// </summary>
public sealed record ConformanceTarget(StapRuntime Stap, ProbeTarget Probe, IReadOnlyList<string> TargetArgs, string SystemtapDir, RuntimePatch? Patch)
{
    public static async Task<ConformanceTarget> CreateAsync(HarnessCache cache, StapRuntime stap, ProbeTarget target, bool underEmulation, CancellationToken ct)
    {
        var args = new List<string>();
        if (target.BuildDir is not null) args.AddRange(["-r", target.BuildDir]);
        var patch = RuntimePatchCatalog.Default().NeededBy(stap.Version, KernelRelease.Parse(target.KernelRelease)).FirstOrDefault();
        if (patch is not null) args.AddRange(["-R", await PatchedRuntime.GetAsync(cache, stap.Version, patch, ct)]);
        if (!target.Arch.IsHost)
        {
            args.AddRange(["-a", target.Arch.StapArch]);
            if (target.Arch.CrossCompilePrefix.Length > 0) args.AddRange(["-B", $"CROSS_COMPILE={target.Arch.CrossCompilePrefix}"]);
        }
        // Same reason as the engine: under emulation stap's overload guard ends runs that are cheap on hardware.
        if (underEmulation) args.Add("-DSTP_NO_OVERLOAD");
        return new ConformanceTarget(stap, target, args, cache.Area("systemtap"), patch);
    }

    /// <summary>Writes the shim into <paramref name="directory"/> and returns how to run commands with it.</summary>
    public HostCommand Commands(string directory, string? recordDirectory = null) =>
        new(StapShim.Write(directory, Stap.StapPath, TargetArgs), SystemtapDir, recordDirectory);

    /// <summary>The engine as results name it: version plus the runtime patch applied.</summary>
    public string EngineName => $"systemtap-{Stap.Version}{(Patch is null ? "" : $"+{Patch.Id}")}";
}

using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Conformance;

/// <summary>
/// The stap every conformance test calls: the kernel's distribution's own translator (the host's,
/// or a toolchain container's through a wrapper) aimed at the kernel under test (its headers tree
/// with the real System.map, the declared runtime patch where this kernel needs one, the guest's
/// arch), with stap's module cache in the harness cache. Built modules are thus cached by
/// everything that determines them, and stap's cache is safe for concurrent runs.
/// </summary>
/// <param name="Stap">The stap program, its SYSTEMTAP_DIR and where work must live for it to see it.</param>
/// <param name="Version">stap's version ("4.8"), which also picks the examples collection.</param>
/// <param name="Identity">What besides the arguments decides its results: toolchain and full version.</param>
public sealed record ConformanceTarget(StapProgram Stap, string Version, string Identity, ProbeTarget Probe,
    IReadOnlyList<string> TargetArgs, RuntimePatch? Patch)
{
    public static async Task<ConformanceTarget> CreateAsync(IStapToolchain toolchain, string programDirectory, ProbeTarget target,
        bool underEmulation, CancellationToken ct)
    {
        var args = new List<string>();
        if (target.BuildDir is not null) args.AddRange(["-r", target.BuildDir]);
        var patch = RuntimePatchCatalog.Default().NeededBy(toolchain.Version, KernelRelease.Parse(target.KernelRelease)).FirstOrDefault();
        if (patch is not null) args.AddRange(["-R", await toolchain.PatchedRuntimeAsync(patch, ct)]);
        if (!target.Arch.IsHost)
        {
            args.AddRange(["-a", target.Arch.StapArch]);
            if (target.Arch.CrossCompilePrefix.Length > 0) args.AddRange(["-B", $"CROSS_COMPILE={target.Arch.CrossCompilePrefix}"]);
        }
        // The declared stap options for this kernel (build-workarounds.yaml), as the engine gives them.
        args.AddRange(StapBuildWorkarounds.Default().ArgsFor(toolchain.Version, target.KernelRelease));
        // Same reason as the engine: under emulation stap's overload guard ends runs that are cheap on hardware.
        if (underEmulation) args.Add("-DSTP_NO_OVERLOAD");
        var program = await toolchain.ProgramAsync(programDirectory, target.BuildDir, ct);
        return new ConformanceTarget(program, toolchain.Version, toolchain.Identity, target, args, patch);
    }

    /// <summary>stap's module cache for these tests.</summary>
    public string SystemtapDir => Stap.SystemtapDir;

    /// <summary>The same target with stap's module cache elsewhere (the benchmark's separate cold caches).</summary>
    public ConformanceTarget WithSystemtapDir(string directory) => this with { Stap = Stap with { SystemtapDir = directory } };

    /// <summary>Where a run's work tree goes: under the toolchain's visible root when it has one.</summary>
    public string WorkDirectory(string preferred, string name) => Stap.WorkRoot is { } root ? Path.Combine(root, name) : preferred;

    /// <summary>Writes the shim into <paramref name="directory"/> and returns how to run commands with it.</summary>
    public HostCommand Commands(string directory, string? recordDirectory = null) =>
        new(StapShim.Write(directory, Stap.Path, TargetArgs), SystemtapDir, recordDirectory) { ShimKey = StapShim.Text($"<{Identity}>", TargetArgs) };

    /// <summary>The engine as results name it: version plus the runtime patch applied.</summary>
    public string EngineName => $"systemtap-{Version}{(Patch is null ? "" : $"+{Patch.Id}")}";
}

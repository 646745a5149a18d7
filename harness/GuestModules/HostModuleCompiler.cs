using ProbeHarness.Architectures;
using ProbeHarness.Kernels;
using ProbeHarness.Processes;

namespace ProbeHarness.GuestModules;

/// <summary>The host's make and (cross) gcc: for kernels of the host's own Debian release.</summary>
public sealed class HostModuleCompiler(Arch arch) : IModuleCompiler
{
    private string Gcc => arch.IsHost ? "gcc" : arch.CrossCompilePrefix + "gcc";

    public async Task<string> IdentityAsync(CancellationToken ct)
    {
        var r = await Tool.RunAsync(Gcc, ["--version"], TimeSpan.FromSeconds(30), ct);
        if (!r.Ok)
            throw new InfrastructureException($"no C compiler for {arch} modules: {Gcc} ({r.Gist(2)}); install {arch.CrossCompilerPackage} (scripts/setup-host does)");
        return $"host {r.Stdout.Split('\n')[0]}";
    }

    public async Task MakeAsync(IReadOnlyList<string> args, string moduleDir, CancellationToken ct)
    {
        var r = await Tool.RunAsync("make", args, TimeSpan.FromMinutes(5), ct);
        if (!r.Ok)
            throw new InfrastructureException($"building the module in {moduleDir} with the host's make failed (exit {r.ExitCode}): {r.Gist()}");
    }
}

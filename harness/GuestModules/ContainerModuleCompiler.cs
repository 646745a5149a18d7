using ProbeHarness.Caching;
using ProbeHarness.Kernels;
using ProbeHarness.Toolchains;

namespace ProbeHarness.GuestModules;

/// <summary>
/// Another Debian release's make and gcc, in its toolchain container (trixie's 6.12: its kbuild
/// programs need that release's libc, its Makefile that release's gcc). The harness cache is bound
/// read-only at its own path, since build trees link into it; the module's folder writable.
/// </summary>
public sealed class ContainerModuleCompiler(HarnessCache cache, ToolchainRecipe recipe) : IModuleCompiler
{
    public Task<string> IdentityAsync(CancellationToken ct) => Task.FromResult($"container {recipe.ImageTag}");

    public async Task MakeAsync(IReadOnlyList<string> args, string moduleDir, CancellationToken ct)
    {
        await using var container = await ToolchainContainer.StartAsync(recipe.ImageTag,
            [ToolchainMount.Same(cache.Root, writable: false), ToolchainMount.Same(moduleDir, writable: true)], ct);
        var r = await container.ExecAsync(["make", .. args], TimeSpan.FromMinutes(5), ct);
        if (r.ExitCode != 0 || r.TimedOut)
            throw new InfrastructureException($"building the module in {moduleDir} in {container.Image} failed (exit {r.ExitCode}): {(r.Stderr + r.Stdout).Trim()}");
    }
}

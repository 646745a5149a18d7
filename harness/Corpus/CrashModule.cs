using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Processes;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Corpus;

/// <summary>
/// Builds vmimages/crashmod/crashmod.c against a kernel's headers tree (cross-compiled for a
/// foreign guest). Built on the host, or for a kernel of another Debian release (trixie's 6.12:
/// its kbuild programs need that release's libc, its Makefile that release's gcc) in the same
/// toolchain container its SystemTap modules are built in; loaded only in a throwaway guest.
/// </summary>
public static class CrashModule
{
    public static async Task<string> BuildAsync(HarnessCache cache, Arch arch, KernelImage kernel, string buildDir, string workDir, CancellationToken ct)
    {
        var dir = Path.Combine(workDir, "crashmod");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "crashmod.c", "Kbuild" })
            File.Copy(Resources.PathOf("vmimages", $"crashmod/{f}"), Path.Combine(dir, f));
        // No BTF for the module: it needs pahole (not in the trixie toolchain image), and nothing reads it.
        var args = new List<string> { "-s", "-C", buildDir, $"M={dir}", "CONFIG_DEBUG_INFO_BTF_MODULES=" };
        if (!arch.IsHost) args.AddRange([$"ARCH={arch.KernelArch}", $"CROSS_COMPILE={arch.CrossCompilePrefix}"]);
        args.Add("modules");

        var choice = StapToolchainTable.ForDistro(kernel.Distro);
        if (choice.OnHost)
        {
            await Tool.CheckAsync("make", args, TimeSpan.FromMinutes(5), ct);
        }
        else
        {
            await using var container = await ToolchainContainer.StartAsync(ToolchainRecipe.Get(choice.Toolchain).ImageTag,
                [ToolchainMount.Same(cache.Root, writable: false), ToolchainMount.Same(dir, writable: true)], ct);
            var r = await container.ExecAsync(["make", .. args], TimeSpan.FromMinutes(5), ct);
            if (r.ExitCode != 0)
                throw new InfrastructureException($"building crashmod.ko in {container.Image} failed (exit {r.ExitCode}): {(r.Stderr + r.Stdout).Trim()}");
        }
        return Path.Combine(dir, "crashmod.ko");
    }
}

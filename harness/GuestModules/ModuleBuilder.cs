using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Toolchains;

namespace ProbeHarness.GuestModules;

/// <summary>
/// The one way the harness puts its own code into a guest kernel: builds a module folder
/// (<see cref="ModuleSource"/>) against a kernel's build tree with kbuild
/// (`make -C TREE M=DIR [ARCH= CROSS_COMPILE=] modules`), with the toolchain SystemTap builds use
/// for that kernel's release (<see cref="StapToolchainTable"/>), and caches the .ko under
/// guest-modules/&lt;<see cref="ModuleBuildKey"/>&gt;. Ship it with the agent to
/// <see cref="BuiltModule.GuestPath"/>; load it only there.
/// </summary>
public sealed class ModuleBuilder(HarnessCache cache, Func<KernelImage, IModuleCompiler>? compilers = null)
{
    public const string CacheKind = "guest-modules";

    private readonly Func<KernelImage, IModuleCompiler> compilerFor = compilers ?? (k => CompilerFor(cache, k));

    /// <summary>The compiler for a kernel: the host's for its own release, the release's container otherwise.</summary>
    public static IModuleCompiler CompilerFor(HarnessCache cache, KernelImage kernel)
    {
        var choice = StapToolchainTable.ForDistro(kernel.Distro);
        return choice.OnHost ? new HostModuleCompiler(kernel.Arch) : new ContainerModuleCompiler(cache, ToolchainRecipe.Get(choice.Toolchain));
    }

    /// <summary>kbuild's arguments. No BTF for the module: it needs pahole (not in every toolchain), and nothing reads it.</summary>
    public static IReadOnlyList<string> MakeArguments(string buildTree, string moduleDir, Arch arch)
    {
        var args = new List<string> { "-s", "-C", buildTree, $"M={moduleDir}", "CONFIG_DEBUG_INFO_BTF_MODULES=" };
        if (!arch.IsHost) args.AddRange([$"ARCH={arch.KernelArch}", $"CROSS_COMPILE={arch.CrossCompilePrefix}"]);
        args.Add("modules");
        return args;
    }

    public async Task<ModuleBuildKey> KeyAsync(ModuleSource source, KernelImage kernel, CancellationToken ct) =>
        new(source.ContentHash(), $"{kernel.Release} {kernel.ContentKey}", kernel.Arch.Name, await compilerFor(kernel).IdentityAsync(ct));

    public async Task<BuiltModule> BuildAsync(ModuleSource source, KernelImage kernel, CancellationToken ct)
    {
        var buildTree = kernel.BuildDir
            ?? throw new InfrastructureException($"kernel {kernel} has no headers: module {source.Name} cannot be built for it");
        var compiler = compilerFor(kernel);
        var key = await KeyAsync(source, kernel, ct);
        var ko = source.Name + ".ko";
        var dir = await cache.GetOrCreateAsync(CacheKind, key.Value, async (entry, c) =>
        {
            // Built outside the cache, whose root a container sees read-only.
            var work = Directory.CreateTempSubdirectory($"ph-module-{source.Name}-").FullName;
            try
            {
                source.CopyTo(work);
                await compiler.MakeAsync(MakeArguments(buildTree, work, kernel.Arch), work, c);
                var built = Path.Combine(work, ko);
                if (!File.Exists(built))
                    throw new InfrastructureException($"building module {source.Name} for {kernel} left no {ko} in {work}");
                File.Copy(built, Path.Combine(entry, ko));
                File.WriteAllText(Path.Combine(entry, "built-from.txt"),
                    $"module {source.Name}\nsource {key.SourceHash}\nkernel {key.KernelTree}\narch {key.Arch}\ncompiler {key.Compiler}\n");
            }
            finally { Directory.Delete(work, true); }
        }, ct);
        return new BuiltModule(source.Name, Path.Combine(dir, ko), key.Value);
    }
}

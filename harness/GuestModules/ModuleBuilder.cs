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

    /// <summary>The built .ko's sha256, beside it in the cache entry, checked each time the entry is served.</summary>
    public const string HashFile = "ko.sha256";

    /// <summary>Why the cached module in <paramref name="entry"/> is not the one built, or null (an entry from before the hash was kept is trusted).</summary>
    public static string? Damaged(string entry, string ko)
    {
        var path = Path.Combine(entry, ko);
        if (!File.Exists(path)) return $"the cache entry {entry} has no {ko}";
        var hashFile = Path.Combine(entry, HashFile);
        if (!File.Exists(hashFile)) return null;
        var want = File.ReadAllText(hashFile).Trim();
        var got = HarnessCache.HashFile(path);
        return got == want ? null : $"{path} is not the module that was built (sha256 {got[..12]}, built {want[..Math.Min(12, want.Length)]})";
    }

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
        async Task Build(string entry, CancellationToken c)
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
                File.WriteAllText(Path.Combine(entry, HashFile), HarnessCache.HashFile(built) + "\n");
                File.WriteAllText(Path.Combine(entry, "built-from.txt"),
                    $"module {source.Name}\nsource {key.SourceHash}\nkernel {key.KernelTree}\narch {key.Arch}\ncompiler {key.Compiler}\n");
            }
            finally { Directory.Delete(work, true); }
        }
        var dir = await cache.GetOrCreateAsync(CacheKind, key.Value, Build, ct);
        if (Damaged(dir, ko) is not null)
        {
            // A cached module that is no longer what was built (truncated, overwritten) is built again, never shipped.
            var aside = $"{dir}.damaged.{Guid.NewGuid():N}";
            try
            {
                Directory.Move(dir, aside);
                Directory.Delete(aside, true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            dir = await cache.GetOrCreateAsync(CacheKind, key.Value, Build, ct);
            if (Damaged(dir, ko) is { } why) throw new InfrastructureException($"module {source.Name} for {kernel}: {why}");
        }
        return new BuiltModule(source.Name, Path.Combine(dir, ko), key.Value);
    }
}

using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.GuestModules;
using ProbeHarness.Processes;

namespace ProbeHarness.Kernels;

/// <summary>
/// The debug twin of a Debian kernel (<c>--kernel bookworm:debug</c>): Debian's kernel rebuilt from
/// the same release's linux-source with Debian's config, every module off and the debug fragment
/// (<see cref="DebugTwinConfig"/>) on. The result is a kernel build tree in the cache, cached by the
/// source package, the config and the compiler, and handed on as a local kernel in an installed
/// layout (boot/vmlinuz-*, lib/modules/*/build -> the tree), so SystemTap builds against the tree.
/// A build that stops half way resumes where it stopped: it works in a directory kept by the key.
/// </summary>
public sealed class DebugTwinBuilder(HarnessCache cache)
{
    public const string CacheKind = "debug-twin";
    private const string WorkArea = "debug-twin-work";
    // Bump when the entry's layout or the way it is built changes.
    private const string Layout = "debug-twin-v1";
    /// <summary>Appended to the stock release (6.1.0-57-amd64+debug), so the twin's cells never read as the stock kernel's.</summary>
    public const string ReleaseSuffix = "+debug";
    public const string TreeDir = "tree";
    public const string BuildTimeFile = "build-time.txt";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromHours(4);

    /// <summary>Architectures a twin is built for: the host's x86_64, with the host's gcc.</summary>
    public static bool Builds(Arch arch) => arch.IsHost && arch.Name == "x86_64";

    public static string ArchesText => "x86_64 (on an x86_64 host)";

    public static string TwinRelease(string stockRelease) => stockRelease + ReleaseSuffix;

    /// <summary>Everything a twin's tree depends on, hashed into its cache key.</summary>
    public static string Key(string sourceSha256, string configInput, string compiler, string kernelVersion, string arch) =>
        HarnessCache.KeyOf(Layout, sourceSha256, HarnessCache.KeyOf(configInput), compiler, kernelVersion, arch);

    public async Task<KernelImage> GetAsync(KernelSpec spec, Arch arch, IProgress<string>? progress, CancellationToken ct)
    {
        if (!spec.Debug || spec.Distro is null) throw new ArgumentException($"'{spec}' names no debug twin");
        spec.CheckFor(arch);
        var distro = spec.Distro;
        var stock = await new KernelProvider(cache).GetAsync(spec.Stock, arch, progress, ct);
        var sources = new LinuxSourceProvider(cache);
        // Debian serves only the newest source: a twin of an older ABI cannot be built from it.
        var served = await sources.ServedAsync(distro, ct);
        if (served.MismatchWith(stock) is { } why)
            throw new KernelSpecException(
                $"kernel spec '{spec}': no debug twin of {stock.Release}: {why}; only the kernel built from {served.Package} {served.Version} has a twin");
        var debianConfig = stock.ConfigPath
            ?? throw new InfrastructureException($"{stock} ships no boot/config-{stock.Release} to start the twin's config from");

        var fragment = DebugTwinConfig.Default();
        var release = TwinRelease(stock.Release);
        // The tarball's Makefile says 6.1.192; Debian names the kernel by its ABI (6.1.0-57), so the
        // version is given to make, and the flavor and suffix come from CONFIG_LOCALVERSION.
        var kernelVersion = stock.Abi;
        var localVersion = release[kernelVersion.Length..];
        var input = fragment.Apply(await File.ReadAllTextAsync(debianConfig, ct), localVersion);
        var compiler = await new HostModuleCompiler(arch).IdentityAsync(ct);
        var key = Key(served.Sha256, input, compiler, kernelVersion, arch.Name);

        progress?.Report($"debug twin {release}: {(Directory.Exists(cache.PathOf(CacheKind, key)) ? "cached" : "to build")} as {cache.PathOf(CacheKind, key)}");
        var entry = await cache.GetOrCreateAsync(CacheKind, key, (tmp, c) =>
            BuildAsync(new Plan(distro, sources, fragment, input, kernelVersion, release, key), tmp, progress, c), ct);

        var built = LocalKernel.Resolve(entry, arch);
        if (built.Release != release)
            throw new InfrastructureException($"the debug twin in {entry} is {built.Release}, not {release}");
        var boot = arch.BootsUnpackedElf && UnpackedKernel.PvhEntryUsable(built.ConfigPath)
            ? await UnpackedKernel.BootableAsync(cache, built.KernelPath, progress, ct)
            : built.KernelPath;
        return built with
        {
            Distro = stock.Distro, Abi = stock.Abi, Flavor = stock.Flavor, PackageVersion = stock.PackageVersion,
            KernelPath = boot, ContentKey = key,
        };
    }

    private sealed record Plan(Distro Distro, LinuxSourceProvider Sources, DebugTwinConfig Fragment, string ConfigInput,
        string KernelVersion, string Release, string Key);

    private async Task BuildAsync(Plan plan, string entry, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var work = Path.Combine(cache.Area(WorkArea), plan.Key);
        var tree = Path.Combine(work, TreeDir);
        if (!Directory.Exists(tree))
        {
            var source = await plan.Sources.GetAsync(plan.Distro, [], progress, ct);
            progress?.Report($"debug twin {plan.Release}: copying {source.Package} {source.Version} into {tree}");
            var partial = tree + ".partial";
            if (Directory.Exists(partial)) Directory.Delete(partial, true);
            Directory.CreateDirectory(work);
            await Tool.CheckAsync("cp", ["-a", "--reflink=auto", "--", source.Root, partial], TimeSpan.FromMinutes(30), ct);
            Directory.Move(partial, tree);
        }
        else progress?.Report($"debug twin {plan.Release}: resuming the build in {tree}");

        string[] version = [$"KERNELVERSION={plan.KernelVersion}"];
        var config = Path.Combine(tree, ".config");
        await File.WriteAllTextAsync(config, plan.ConfigInput, ct);
        await Tool.CheckAsync("make", ["-C", tree, .. version, "olddefconfig"], TimeSpan.FromMinutes(10), ct);
        plan.Fragment.CheckApplied(await File.ReadAllTextAsync(config, ct), config);

        var jobs = Environment.ProcessorCount;
        progress?.Report($"debug twin {plan.Release}: make -j{jobs} bzImage modules in {tree} (about 2,500 objects cold: half an hour on 2 idle cores, hours on a loaded machine; an interrupted build resumes)");
        var counter = new KbuildProgress(plan.Release, progress);
        var make = await LineTool.RunAsync("make", ["-C", tree, $"-j{jobs}", .. version, "bzImage", "modules"], BuildTimeout,
            counter.OnLine, ct);
        if (!make.Ok)
            throw new InfrastructureException(
                $"building the debug twin {plan.Release} in {tree} failed ({make.Command} exited {make.ExitCode}; a rerun resumes there):\n{make.Gist(20)}");
        var made = (await File.ReadAllTextAsync(Path.Combine(tree, "include", "config", "kernel.release"), ct)).Trim();
        if (made != plan.Release)
            throw new InfrastructureException($"the debug twin built in {tree} calls itself {made}, not {plan.Release}");

        // The installed layout beside the tree: boot/ and lib/modules/<release>/ (rcutorture and friends), build -> the tree.
        await Tool.CheckAsync("make", ["-C", tree, .. version, $"INSTALL_MOD_PATH={entry}", "modules_install"], TimeSpan.FromMinutes(10), ct);
        Directory.Move(tree, Path.Combine(entry, TreeDir));
        InstallBeside(entry, plan.Release);
        Directory.Delete(work, true);
        await File.WriteAllTextAsync(Path.Combine(entry, BuildTimeFile),
            $"{plan.Release}: {counter.Objects} objects compiled in {clock.Elapsed:h\\:mm\\:ss} with -j{jobs}\n", ct);
        progress?.Report($"debug twin {plan.Release}: built in {clock.Elapsed:h\\:mm\\:ss} ({counter.Objects} objects)");
    }

    /// <summary>
    /// The installed layout around the built tree <paramref name="entry"/>/tree (after modules_install put
    /// lib/modules/&lt;release&gt; there): boot/vmlinuz-*, config-*, System.map-*, and build -> the tree, relative,
    /// so the entry can move.
    /// </summary>
    public static void InstallBeside(string entry, string release)
    {
        var tree = Path.Combine(entry, TreeDir);
        var modules = Directory.CreateDirectory(Path.Combine(entry, "lib", "modules", release)).FullName;
        foreach (var link in new[] { "build", "source" })
            if (new FileInfo(Path.Combine(modules, link)).LinkTarget is not null) File.Delete(Path.Combine(modules, link));
        File.CreateSymbolicLink(Path.Combine(modules, "build"), Path.Combine("..", "..", "..", TreeDir));
        var boot = Directory.CreateDirectory(Path.Combine(entry, "boot")).FullName;
        File.Copy(Path.Combine(tree, "arch", "x86", "boot", "bzImage"), Path.Combine(boot, $"vmlinuz-{release}"));
        File.Copy(Path.Combine(tree, ".config"), Path.Combine(boot, $"config-{release}"));
        File.Copy(Path.Combine(tree, "System.map"), Path.Combine(boot, $"System.map-{release}"));
    }
}

/// <summary>Counts the objects a kbuild run compiles from its quiet output ("  CC      kernel/fork.o"), reporting every so often.</summary>
public sealed class KbuildProgress(string what, IProgress<string>? progress, int every = 100)
{
    private static readonly string[] ObjectSteps = ["CC", "AS", "CC [M]"];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public int Objects { get; private set; }

    public static bool IsObject(string line)
    {
        if (!line.StartsWith("  ", StringComparison.Ordinal)) return false;
        var rest = line.TrimStart();
        return ObjectSteps.Any(s => rest.StartsWith(s + " ", StringComparison.Ordinal)) && rest.EndsWith(".o", StringComparison.Ordinal);
    }

    public void OnLine(string line)
    {
        var trimmed = line.Trim();
        if (IsObject(line))
        {
            Objects++;
            if (Objects % every == 0) progress?.Report($"debug twin {what}: {Objects} objects, {_clock.Elapsed:h\\:mm\\:ss} ({trimmed})");
        }
        else if (trimmed.StartsWith("LD ", StringComparison.Ordinal) && trimmed.EndsWith("vmlinux", StringComparison.Ordinal)
                 || trimmed.StartsWith("Kernel: ", StringComparison.Ordinal))
            progress?.Report($"debug twin {what}: {trimmed}");
    }
}

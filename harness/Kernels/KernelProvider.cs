using ProbeHarness.Architectures;
using ProbeHarness.Caching;

namespace ProbeHarness.Kernels;

/// <summary>
/// Turns a <see cref="KernelSpec"/> into a <see cref="KernelImage"/>: picks the package from the
/// distribution's archive, downloads image, headers and kbuild once, unpacks them into
/// content-addressed cache entries and prepares the headers for out-of-tree builds. Nothing is
/// installed on the host; two runs at once share the same entries.
/// </summary>
public sealed class KernelProvider(HarnessCache cache)
{
    // Bump when the layout of an entry changes, so old entries are not mistaken for new ones.
    private const string ImageLayout = "kernel-image-v1";
    // v2: the flavour's tree has a `source` link to the -common headers.
    private const string HeadersLayout = "kernel-headers-v2";

    public async Task<KernelImage> GetAsync(KernelSpec spec, Arch arch, IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        if (spec.Path is not null) return await LocalAsync(spec.Path, arch, progress, ct);
        if (spec.Debug) return await new DebugTwinBuilder(cache).GetAsync(spec, arch, progress, ct);
        var distro = spec.Distro!;
        var flavor = spec.ResolveFlavor(arch);
        var archive = new DebianArchive(cache, distro, arch.DebianArch);
        progress?.Report($"resolving {spec} for {arch}");

        var resolving = Profiling.Phases.Begin(Profiling.Phase.Resolve, spec.ToString());
        var chosen = Choose(await archive.ListKernelsAsync(ct), spec, flavor, arch);
        var image = await archive.FindAsync(chosen.Name, ct)
            ?? throw new InfrastructureException($"apt lists name {chosen.Name} but `apt-cache show` does not know it");
        var headers = await FindHeadersAsync(archive, distro, chosen.Release, progress, ct);
        resolving.Dispose();

        var debs = await archive.DownloadAsync([image], progress, ct);
        var imageDir = await UnpackImageAsync(image, debs[0], chosen.Release, progress, ct);
        string? buildDir = null;
        if (headers is not null)
        {
            var (archHeaders, common, kbuild, kbuildArchive) = headers.Value;
            var headerDebs = await archive.DownloadAsync([archHeaders, common], progress, ct);
            var kbuildDeb = (await kbuildArchive.DownloadAsync([kbuild], progress, ct))[0];
            buildDir = await UnpackHeadersAsync([headerDebs[0], headerDebs[1], kbuildDeb],
                [archHeaders, common, kbuild], chosen.Release, progress, ct);
        }

        var kernelPath = Path.Combine(imageDir, "boot", arch.KernelImageGlob.Replace("{release}", chosen.Release));
        if (!File.Exists(kernelPath))
            throw new InfrastructureException($"{image.Name} {image.Version} has no {Path.GetRelativePath(imageDir, kernelPath)}");
        if (arch.BootsUnpackedElf) kernelPath = await UnpackedKernel.BootableAsync(cache, kernelPath, progress, ct);
        var config = Path.Combine(imageDir, "boot", $"config-{chosen.Release}");
        var shas = new[] { image.Sha256 }.Concat(headers is { } h ? [h.Arch.Sha256, h.Common.Sha256, h.Kbuild.Sha256] : []);
        return new KernelImage(distro.Name, chosen.Release, chosen.Abi, chosen.Flavor, image.Version, arch,
            kernelPath, ModulesDirOf(imageDir, chosen.Release),
            File.Exists(config) ? config : null, buildDir, SystemMapPath: null,
            HarnessCache.KeyOf(shas.ToArray()));
    }

    /// <summary>A user's kernel, what it lacks said in one line; an x86 bzImage booted as its unpacked ELF, as a package's is (not a KASAN kernel's: <see cref="UnpackedKernel.PvhEntryUsable"/>).</summary>
    private async Task<KernelImage> LocalAsync(string path, Arch arch, IProgress<string>? progress, CancellationToken ct)
    {
        var (kernel, diagnosis) = LocalKernel.Inspect(path, arch);
        progress?.Report(diagnosis);
        if (!arch.BootsUnpackedElf || !BzImage.Is(kernel.KernelPath) || !UnpackedKernel.PvhEntryUsable(kernel.ConfigPath)) return kernel;
        return kernel with { KernelPath = await UnpackedKernel.BootableAsync(cache, kernel.KernelPath, progress, ct) };
    }

    /// <summary>
    /// The package a spec means among those served: the requested ABI or the newest, in the
    /// resolved flavor, unsigned where Debian offers both (the same kernel, without the
    /// Secure Boot signature a SeaBIOS guest does not need).
    /// </summary>
    public static KernelPackage Choose(IReadOnlyList<KernelPackage> served, KernelSpec spec, string flavor, Arch arch)
    {
        var ofFlavor = served.Where(p => p.Flavor == flavor).ToList();
        if (ofFlavor.Count == 0)
            throw new KernelSpecException(
                $"kernel spec '{spec}': {spec.Distro} serves no {flavor} kernels for {arch.DebianArch}");
        var abis = ofFlavor.Select(p => p.Abi).Distinct().Order(KernelAbi.Comparer).ToList();
        // Bookworm also serves 6.12 LTS kernels (6.12.117+deb12); "bookworm" means its own
        // series, which its tools (SystemTap 4.8) support. Another series is had by naming its ABI.
        var series = abis.Where(a => KernelAbi.InSeries(a, spec.Distro!.KernelSeries)).ToList();
        if (spec.Abi is null && series.Count == 0)
            throw new KernelSpecException(
                $"kernel spec '{spec}': {spec.Distro} serves no {spec.Distro!.KernelSeries} kernels for {flavor}; served: {string.Join(", ", abis)}");
        var abi = spec.Abi ?? series[^1];
        if (!abis.Contains(abi))
            throw new KernelSpecException(
                $"kernel spec '{spec}': {spec.Distro} does not serve ABI {abi} for {flavor}; served: {string.Join(", ", abis)}");
        return ofFlavor.Where(p => p.Abi == abi).OrderByDescending(p => p.Unsigned).First();
    }

    private async Task<(PackageInfo Arch, PackageInfo Common, PackageInfo Kbuild, DebianArchive KbuildArchive)?>
        FindHeadersAsync(DebianArchive archive, Distro distro, string release, IProgress<string>? progress,
            CancellationToken ct)
    {
        var headers = await archive.FindAsync($"linux-headers-{release}", ct);
        if (headers is null)
        {
            progress?.Report($"no linux-headers-{release} in {distro}; the kernel comes without a build tree");
            return null;
        }
        // The headers' Depends name the exact -common (-common-rt for rt) and kbuild packages,
        // whatever a release's naming convention is.
        var commonName = headers.Depends.FirstOrDefault(d => d.StartsWith("linux-headers-") && d.Contains("-common"))
            ?? throw new InfrastructureException($"{headers.Name} {headers.Version} depends on no linux-headers-*-common");
        var common = await archive.FindAsync(commonName, ct)
            ?? throw new InfrastructureException($"{headers.Name} depends on {commonName}, which {distro} does not serve");
        var kbuildName = headers.Depends.FirstOrDefault(d => d.StartsWith("linux-kbuild-")) ?? distro.KbuildPackage;
        // kbuild's scripts are host programs (fixdep, modpost): they must run here, whatever the guest is.
        var hostArch = ArchTable.Get(ArchTable.HostName).DebianArch;
        var kbuildArchive = hostArch == archive.DebianArch ? archive : new DebianArchive(cache, distro, hostArch);
        var kbuild = await kbuildArchive.FindAsync(kbuildName, ct)
            ?? throw new InfrastructureException($"{distro} serves no {kbuildName} for {hostArch}");
        return (headers, common, kbuild, kbuildArchive);
    }

    /// <summary>
    /// The image's modules tree: bookworm's packages ship lib/modules/&lt;release&gt;, trixie's (merged
    /// /usr in the package itself) usr/lib/modules/&lt;release&gt;.
    /// </summary>
    public static string ModulesDirOf(string imageRoot, string release)
    {
        var merged = Path.Combine(imageRoot, "usr", "lib", "modules", release);
        return Directory.Exists(merged) ? merged : Path.Combine(imageRoot, "lib", "modules", release);
    }

    private Task<string> UnpackImageAsync(PackageInfo image, string deb, string release, IProgress<string>? progress,
        CancellationToken ct) =>
        cache.GetOrCreateAsync("kernel-image", HarnessCache.KeyOf(ImageLayout, image.Sha256), async (tmp, c) =>
        {
            progress?.Report($"unpacking {image.Name}");
            await DebExtractor.ExtractAsync(deb, tmp, c);
            // build and source point at /usr/src on the host, where some other kernel's headers may
            // be; nothing should follow them into the guest or into a build.
            foreach (var link in new[] { "build", "source" })
            {
                var path = Path.Combine(ModulesDirOf(tmp, release), link);
                if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
            }
        }, ct);

    private async Task<string> UnpackHeadersAsync(IReadOnlyList<string> debs, IReadOnlyList<PackageInfo> packages,
        string release, IProgress<string>? progress, CancellationToken ct)
    {
        var key = HarnessCache.KeyOf([HeadersLayout, .. packages.Select(p => p.Sha256)]);
        var root = await cache.GetOrCreateAsync("kernel-headers", key, async (tmp, c) =>
        {
            progress?.Report($"unpacking headers for {release}");
            // One root for all three, so Debian's relative links (scripts -> ../../lib/linux-kbuild-*) resolve.
            foreach (var deb in debs) await DebExtractor.ExtractAsync(deb, tmp, c);
            HeadersTree.Prepare(tmp, cache.PathOf("kernel-headers", key), release);
        }, ct);
        return Path.Combine(root, "usr", "src", $"linux-headers-{release}");
    }
}

using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Processes;

namespace ProbeHarness.Kernels;

/// <summary>
/// The one source of the kernel's own source: downloads a release's linux-source-&lt;series&gt;
/// .deb with the harness's private apt state (as <see cref="KernelProvider"/> does for kernels),
/// unpacks the tarball it carries (only the subtrees asked for: the whole tree is ~1.4 GB) and
/// caches it by the package's sha256 and the subtrees. Whether it is the source of a given kernel
/// is <see cref="LinuxSource.Matches"/>: Debian serves only the newest one.
/// </summary>
public sealed class LinuxSourceProvider(HarnessCache cache)
{
    public const string CacheKind = "linux-source";
    private const string Layout = "linux-source-v1";

    public static string PackageFor(Distro distro) => $"linux-source-{distro.KernelSeries}";

    /// <summary>The members of the tarball to extract, under its top folder; none: everything.</summary>
    public static IReadOnlyList<string> TarMembers(Distro distro, IReadOnlyList<string> subtrees)
    {
        foreach (var s in subtrees)
            if (s.Length == 0 || Path.IsPathRooted(s) || s.Split('/').Contains(".."))
                throw new ArgumentException($"source subtree '{s}' must be a relative path inside the tree");
        var top = PackageFor(distro);
        return subtrees.Select(s => $"{top}/{s.Trim('/')}").ToList();
    }

    /// <summary>What the archive serves as the release's source (package only: nothing downloaded), to check a kernel against first.</summary>
    public async Task<LinuxSource> ServedAsync(Distro distro, CancellationToken ct = default)
    {
        var name = PackageFor(distro);
        var archive = new DebianArchive(cache, distro, ArchTable.Get(ArchTable.HostName).DebianArch);
        var package = await archive.FindAsync(name, ct)
            ?? throw new InfrastructureException($"{distro} serves no {name}");
        return new LinuxSource(distro.Name, name, package.Version, Root: "") { Sha256 = package.Sha256 };
    }

    public async Task<LinuxSource> GetAsync(Distro distro, IReadOnlyList<string> subtrees, IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        var name = PackageFor(distro);
        var members = TarMembers(distro, subtrees);
        // linux-source is Architecture: all, listed in every architecture's index; the host's is kept anyway.
        var archive = new DebianArchive(cache, distro, ArchTable.Get(ArchTable.HostName).DebianArch);
        var package = await archive.FindAsync(name, ct)
            ?? throw new InfrastructureException($"{distro} serves no {name}");
        var deb = (await archive.DownloadAsync([package], progress, ct))[0];
        var key = HarnessCache.KeyOf([Layout, package.Sha256, .. members]);
        var dir = await cache.GetOrCreateAsync(CacheKind, key, async (tmp, c) =>
        {
            progress?.Report($"unpacking {name} {package.Version}");
            var debDir = Path.Combine(tmp, ".deb");
            await DebExtractor.ExtractAsync(deb, debDir, c);
            var tarball = Directory.GetFiles(Path.Combine(debDir, "usr", "src"), $"{name}.tar.*").SingleOrDefault()
                ?? throw new InfrastructureException($"{name} {package.Version} carries no usr/src/{name}.tar.*");
            var tree = Path.Combine(tmp, "tree");
            Directory.CreateDirectory(tree);
            await Tool.CheckAsync("tar", ["-xf", tarball, "-C", tree, "--strip-components=1", "--", .. members], TimeSpan.FromMinutes(20), c);
            Directory.Delete(debDir, true);
        }, ct);
        return new LinuxSource(distro.Name, name, package.Version, Path.Combine(dir, "tree")) { Sha256 = package.Sha256 };
    }
}

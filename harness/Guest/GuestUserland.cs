using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Guest;

/// <summary>
/// Guest userspace from the distribution's own packages for the guest's architecture: downloaded
/// with the private apt state, unpacked with dpkg-deb into the cache, never installed anywhere.
/// A package's library dependencies come along, found by following Depends.
/// </summary>
public sealed class GuestUserland(HarnessCache cache, DebianArchive archive)
{
    public const string Busybox = "busybox-static";

    /// <summary>Unpacked roots of <paramref name="packages"/> and the libraries they depend on.</summary>
    public async Task<IReadOnlyList<string>> UnpackAsync(IEnumerable<string> packages, IProgress<string>? progress, CancellationToken ct)
    {
        var wanted = await ClosureAsync(packages, ct);
        if (wanted.Count == 0) return [];
        progress?.Report($"guest userland: {string.Join(' ', wanted.Select(p => p.Name))}");
        var debs = await archive.DownloadAsync(wanted, progress, ct);
        var roots = new List<string>();
        foreach (var (info, deb) in wanted.Zip(debs))
            roots.Add(await cache.GetOrCreateAsync("debs-unpacked", info.Sha256[..24],
                (dir, c) => DebExtractor.ExtractAsync(deb, dir, c), ct));
        return roots;
    }

    /// <summary>The static busybox of this architecture.</summary>
    public async Task<string> BusyboxAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var root = (await UnpackAsync([Busybox], progress, ct))[0];
        // bookworm ships /bin/busybox; trixie, with /usr merged in the package too, /usr/bin/busybox.
        return new[] { "bin/busybox", "usr/bin/busybox" }.Select(p => Path.Combine(root, p)).FirstOrDefault(File.Exists)
            ?? throw new InfrastructureException($"{Busybox} has neither bin/busybox nor usr/bin/busybox under {root}");
    }

    /// <summary>
    /// The packages and, transitively, their dependencies that hold shared libraries (lib*, zlib*).
    /// Tools and maintainer-script helpers (adduser, debconf) are not needed in the guest.
    /// </summary>
    private async Task<IReadOnlyList<PackageInfo>> ClosureAsync(IEnumerable<string> roots, CancellationToken ct)
    {
        var found = new List<PackageInfo>();
        var seen = new HashSet<string>();
        var queue = new Queue<(string name, bool root)>(roots.Select(r => (r, true)));
        while (queue.Count > 0)
        {
            var (name, isRoot) = queue.Dequeue();
            if (!seen.Add(name)) continue;
            if (!isRoot && !IsLibrary(name)) continue;
            var info = await archive.FindAsync(name, ct);
            if (info is null)
            {
                if (isRoot) throw new InfrastructureException($"{archive.Distro} {archive.DebianArch} serves no package '{name}'");
                continue; // a virtual package or an alternative; the real one is named elsewhere
            }
            found.Add(info);
            foreach (var d in info.Depends) queue.Enqueue((d, false));
        }
        return found;
    }

    private static bool IsLibrary(string package) =>
        (package.StartsWith("lib", StringComparison.Ordinal) || package.StartsWith("zlib", StringComparison.Ordinal))
        && !package.EndsWith("-bin", StringComparison.Ordinal) && !package.EndsWith("-common", StringComparison.Ordinal)
        && !package.EndsWith("-dev", StringComparison.Ordinal);
}

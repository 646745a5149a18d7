using ProbeHarness.Caching;

namespace ProbeHarness.Guest;

/// <summary>
/// A kernel build tree that also holds the real System.map, where SystemTap looks for it
/// (`stap -r DIR` reads DIR/System.map). The unpacked headers entry stays untouched: the new
/// entry links to each of its top-level files and adds the map.
/// </summary>
public static class BuildTreeWithMap
{
    public static Task<string> GetAsync(HarnessCache cache, string buildDir, string systemMap, CancellationToken ct) =>
        cache.GetOrCreateAsync("build-trees", HarnessCache.KeyOf(buildDir, HarnessCache.HashFile(systemMap)), (tmp, _) =>
        {
            foreach (var e in Directory.EnumerateFileSystemEntries(buildDir))
            {
                var name = Path.GetFileName(e);
                if (name == "System.map") continue;
                File.CreateSymbolicLink(Path.Combine(tmp, name), Path.GetFullPath(e));
            }
            File.Copy(systemMap, Path.Combine(tmp, "System.map"));
            return Task.CompletedTask;
        }, ct);
}

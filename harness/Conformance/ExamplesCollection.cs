using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Conformance;

/// <summary>
/// SystemTap's examples collection as Debian ships it in systemtap-doc for the engine's version:
/// downloaded with the harness's private apt state and unpacked into the cache, never installed.
/// </summary>
public static class ExamplesCollection
{
    public const string Package = "systemtap-doc";
    private const string InPackage = "usr/share/systemtap/examples";

    /// <summary>The examples folder for <paramref name="stapVersion"/>; PROBE_HARNESS_STAP_EXAMPLES overrides.</summary>
    public static async Task<string> GetAsync(HarnessCache cache, string stapVersion, IProgress<string>? progress, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("PROBE_HARNESS_STAP_EXAMPLES") is { Length: > 0 } local) return local;
        // The distribution whose SystemTap this is (StapToolchainTable), so the examples match the translator.
        var name = Engines.SystemTap.StapToolchainTable.All.FirstOrDefault(c => c.StapVersion == stapVersion)?.Distro
            ?? throw new InfrastructureException($"no distribution in StapToolchainTable ships stap {stapVersion}; set PROBE_HARNESS_STAP_EXAMPLES to its examples folder");
        var distro = DistroTable.All.Single(d => d.Name == name);
        var archive = new DebianArchive(cache, distro, "amd64"); // a doc package: Architecture all in effect, any arch's copy will do
        var info = await archive.FindAsync(Package, ct)
            ?? throw new InfrastructureException($"{distro.Name} serves no {Package}");
        if (!info.Version.StartsWith(stapVersion, StringComparison.Ordinal))
            throw new InfrastructureException($"{distro.Name}'s {Package} is {info.Version}, but the engine is stap {stapVersion}");
        var deb = (await archive.DownloadAsync([info], progress, ct)).Single();
        var dir = await cache.GetOrCreateAsync("stap-examples", info.Sha256, (tmp, c) => DebExtractor.ExtractAsync(deb, tmp, c), ct);
        return Path.Combine(dir, InPackage);
    }

    /// <summary>Every example with a .meta, in a stable order.</summary>
    public static IReadOnlyList<ExampleMeta> Load(string examplesRoot) =>
        Directory.GetFiles(examplesRoot, "*.meta", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => ExampleMeta.Parse(f, examplesRoot))
            .ToList();
}

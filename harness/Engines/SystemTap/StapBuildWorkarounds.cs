using ProbeHarness.DataFiles;
using ProbeHarness.Suites;
using YamlDotNet.RepresentationModel;
using static ProbeHarness.DataFiles.Yaml;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>One row of build-workarounds.yaml: stap options a stap version needs for some kernels.</summary>
public sealed record StapBuildWorkaround(string Id, VersionRange EngineVersions, VersionRange Kernels,
    IReadOnlyList<string> Args, string Reason, string Bug)
{
    public bool AppliesTo(string stapVersion, string kernelRelease) =>
        EngineVersions.Contains(stapVersion) && Kernels.Contains(kernelRelease);
}

/// <summary>
/// The table of build workarounds (harness/Engines/SystemTap/build-workarounds.yaml): options given to
/// every stap run for a kernel they are declared for, so a known incompatibility between a stap
/// version and a kernel is fixed in one place, as data, and named in the logs by its id.
/// </summary>
public sealed class StapBuildWorkarounds(IReadOnlyList<StapBuildWorkaround> all)
{
    private static readonly string[] EntryKeys = ["id", "engine-versions", "kernels", "args", "reason", "bug"];

    public IReadOnlyList<StapBuildWorkaround> All { get; } = all;

    private static readonly Lazy<StapBuildWorkarounds> Repository =
        new(() => Load(Path.Combine(RepoPaths.Root(), "harness", "Engines", "SystemTap", "build-workarounds.yaml")));

    /// <summary>The repository's table, read once per process (the engine, the shim and stap's cache areas all ask for it).</summary>
    public static StapBuildWorkarounds Default() => Repository.Value;

    public static StapBuildWorkarounds Load(string file) => Parse(File.ReadAllText(file), file);

    public static StapBuildWorkarounds Parse(string text, string file)
    {
        var root = Root(text, file, "the file is a mapping with 'workarounds'");
        CheckKeys(root, ["workarounds"], file, "top-level");
        if (Child(root, "workarounds") is not YamlSequenceNode rows)
            throw new DataFileException(file, root.Start.Line, "'workarounds' is a list");
        var all = new List<StapBuildWorkaround>();
        foreach (var node in rows)
        {
            if (node is not YamlMappingNode m) throw Error(file, node, "a workaround is a mapping with " + string.Join(", ", EntryKeys));
            CheckKeys(m, EntryKeys, file, "workaround");
            string Need(string key) => Scalar(m, key, file) is { Length: > 0 } v ? v.Trim() : throw Error(file, m, $"a workaround needs '{key}'");
            VersionRange RangeOf(string key)
            {
                try { return VersionRange.Parse(Need(key)); }
                catch (FormatException e) { throw Error(file, m[key], $"{key}: {e.Message}"); }
            }
            var id = Need("id");
            if (all.Any(w => w.Id == id)) throw Error(file, m["id"], $"workaround '{id}' is declared twice");
            var args = List(m, "args", file);
            if (args.Count == 0 || args.Any(string.IsNullOrWhiteSpace)) throw Error(file, m, $"workaround '{id}' needs 'args', a list of stap options");
            all.Add(new StapBuildWorkaround(id, RangeOf("engine-versions"), RangeOf("kernels"), args, Need("reason"), Need("bug")));
        }
        return new StapBuildWorkarounds(all);
    }

    /// <summary>
    /// The harness cache area for stap's own cache (SYSTEMTAP_DIR) under this table: <paramref name="name"/>
    /// followed by a key of the table's rows. stap keys its tracepoint-query objects without the `-B`
    /// options, and keeps a header that failed to compile as an empty object: a query that failed before
    /// a workaround existed would otherwise stay failed after it ("no match" for every tracepoint of a
    /// kernel). A changed table starts a fresh stap cache.
    /// </summary>
    public string CacheArea(string name) =>
        All.Count == 0 ? name
            : $"{name}-{Caching.HarnessCache.KeyOf([.. All.Select(w => $"{w.Id}|{w.EngineVersions}|{w.Kernels}|{string.Join(' ', w.Args)}")])[..8]}";

    /// <summary>The workarounds this stap needs for this kernel, in file order.</summary>
    public IReadOnlyList<StapBuildWorkaround> For(string stapVersion, string kernelRelease) =>
        All.Where(w => w.AppliesTo(stapVersion, kernelRelease)).ToList();

    /// <summary>Their stap options, in file order.</summary>
    public IReadOnlyList<string> ArgsFor(string stapVersion, string kernelRelease) =>
        For(stapVersion, kernelRelease).SelectMany(w => w.Args).ToList();
}

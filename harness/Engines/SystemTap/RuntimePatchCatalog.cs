using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// The runtime patches declared in a directory: every *.yaml there, each naming a .patch
/// beside it. Loading checks what can be checked without applying: fields present, patch
/// file present, pattern compiles, ids unique.
/// </summary>
public sealed class RuntimePatchCatalog
{
    public IReadOnlyList<RuntimePatch> All { get; }

    private RuntimePatchCatalog(IReadOnlyList<RuntimePatch> all) => All = all;

    /// <summary>The catalog in the repository's harness/Engines/SystemTap/RuntimePatches.</summary>
    public static RuntimePatchCatalog Default() => Load(RepoPaths.StapRuntimePatches());

    public static RuntimePatchCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"runtime patch directory missing: {directory}");
        var patches = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
            .Select(LoadOne).ToList();
        var dup = patches.GroupBy(p => p.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidDataException($"runtime patch id '{dup.Key}' declared twice in {directory}");
        return new RuntimePatchCatalog(patches);
    }

    public RuntimePatch Get(string id) =>
        All.FirstOrDefault(p => p.Id == id)
        ?? throw new KeyNotFoundException($"no runtime patch '{id}'; known: {string.Join(", ", All.Select(p => p.Id))}");

    /// <summary>The patches this stap needs to build for this kernel, in id order.</summary>
    public IReadOnlyList<RuntimePatch> NeededBy(string stapVersion, KernelRelease kernel) =>
        All.Where(p => p.AppliesTo(stapVersion) && p.IsNeededFor(kernel)).ToList();

    /// <summary>The patch whose declared symptom a failed build shows, if any.</summary>
    public RuntimePatch? Explaining(string stapVersion, int? failedPass, string output) =>
        All.FirstOrDefault(p => p.AppliesTo(stapVersion) && p.ExplainsFailure(failedPass, output));

    internal static RuntimePatch LoadOne(string yamlPath)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        Declaration d;
        try { d = deserializer.Deserialize<Declaration>(File.ReadAllText(yamlPath)) ?? new Declaration(); }
        catch (YamlDotNet.Core.YamlException e) { throw new InvalidDataException($"{yamlPath}: {e.Message}", e); }

        string Need(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{yamlPath}: '{field}' is missing") : value.Trim();

        var id = Need(d.Id, "id");
        var patchFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(yamlPath))!, Need(d.Patch, "patch"));
        if (!File.Exists(patchFile)) throw new InvalidDataException($"{yamlPath}: patch file {patchFile} does not exist");
        if (d.EngineVersions is not { Count: > 0 }) throw new InvalidDataException($"{yamlPath}: 'engine_versions' is empty");
        if (d.NeededFor is not { Count: > 0 }) throw new InvalidDataException($"{yamlPath}: 'needed_for' is empty");
        var symptom = d.Symptom ?? throw new InvalidDataException($"{yamlPath}: 'symptom' is missing");
        if (symptom.Pass is < 0 or > 5) throw new InvalidDataException($"{yamlPath}: symptom pass {symptom.Pass} is not 0-5");

        var conditions = d.NeededFor.Select(c =>
        {
            var cond = new KernelCondition(c.DebianSeries, c.MinAbi, c.MaxAbi,
                c.MinVersion is null ? null : Version.Parse(c.MinVersion));
            if (cond.DebianSeries is null && cond.MinVersion is null)
                throw new InvalidDataException($"{yamlPath}: a needed_for rule has neither debian_series nor min_version");
            return cond;
        }).ToList();

        return new RuntimePatch(id, patchFile, d.EngineVersions, conditions, symptom.Pass,
            new Regex(Need(symptom.Pattern, "symptom.pattern"), RegexOptions.CultureInvariant),
            Need(d.Reason, "reason"), Need(d.Bug, "bug"));
    }

    // The YAML shape; kept private so the rest of the harness sees only RuntimePatch.
    private sealed class Declaration
    {
        public string? Id { get; set; }
        public string? Patch { get; set; }
        public List<string>? EngineVersions { get; set; }
        public List<ConditionDecl>? NeededFor { get; set; }
        public SymptomDecl? Symptom { get; set; }
        public string? Reason { get; set; }
        public string? Bug { get; set; }
    }

    private sealed class ConditionDecl
    {
        public string? DebianSeries { get; set; }
        public int? MinAbi { get; set; }
        public int? MaxAbi { get; set; }
        public string? MinVersion { get; set; }
    }

    private sealed class SymptomDecl
    {
        public int Pass { get; set; }
        public string? Pattern { get; set; }
    }
}

namespace ProbeHarness.Kernels;

/// <summary>One version of a binary package as the archive describes it.</summary>
public sealed record PackageInfo(
    string Name,
    string Version,
    string Architecture,
    string Sha256,
    string Filename,
    long Size,
    IReadOnlyList<string> Depends)
{
    /// <summary>The stanza fields apt prints for an available package; throws when one is missing.</summary>
    public static PackageInfo FromStanza(IReadOnlyDictionary<string, string> s)
    {
        string Need(string field) => s.TryGetValue(field, out var v) && v.Length > 0 ? v
            : throw new InfrastructureException(
                $"package stanza for '{s.GetValueOrDefault("Package", "?")}' has no {field} field");
        return new PackageInfo(
            Need("Package"), Need("Version"), Need("Architecture"), Need("SHA256").ToLowerInvariant(),
            Need("Filename"), long.TryParse(s.GetValueOrDefault("Size"), out var size) ? size : 0,
            DebControl.DependencyNames(s.GetValueOrDefault("Depends")));
    }

    /// <summary>The "name=version" argument that makes apt fetch exactly this version.</summary>
    public string Pinned => $"{Name}={Version}";
}

namespace ProbeHarness.Suites;

/// <summary>The facts of a cell that conditions are checked against.</summary>
public sealed record CellFacts(string Arch, string KernelRelease, string Engine, string EngineVersion, bool HasDebuginfo);

/// <summary>
/// Where something holds: architectures, a kernel range and an engine version range (e.g.
/// "&gt;=6.1.0-24 &lt;6.12", "4.8", "&gt;=5.0"). Empty parts hold everywhere.
/// </summary>
public sealed record Conditions(IReadOnlyList<string> Arches, VersionRange? Kernels, VersionRange? EngineVersions)
{
    public static readonly Conditions Always = new([], null, null);

    public bool IsAlways => Arches.Count == 0 && Kernels is null && EngineVersions is null;

    /// <summary>Why these conditions do not hold for the cell, or null when they do.</summary>
    public string? Unmet(CellFacts f)
    {
        if (Arches.Count > 0 && !Arches.Contains(f.Arch)) return $"arch {f.Arch} is not one of {string.Join(", ", Arches)}";
        if (Kernels is { } k && !k.Contains(f.KernelRelease)) return $"kernel {f.KernelRelease} is outside {k}";
        if (EngineVersions is { } e && !e.Contains(f.EngineVersion)) return $"{f.Engine} {f.EngineVersion} is outside {e}";
        return null;
    }

    public override string ToString() => string.Join("; ", new[]
    {
        Arches.Count > 0 ? $"arches {string.Join(", ", Arches)}" : null,
        Kernels is null ? null : $"kernels {Kernels}",
        EngineVersions is null ? null : $"engine versions {EngineVersions}",
    }.Where(s => s is not null));
}

/// <summary>
/// A version range: space-separated constraints (&gt;=, &gt;, &lt;=, &lt;, =, or a bare version
/// meaning that version or any release of it, e.g. "6.1" holds for 6.1.0-56-amd64), all of
/// which must hold. Versions compare by their numeric runs (6.1.0-9 &lt; 6.1.0-56).
/// </summary>
public sealed record VersionRange(IReadOnlyList<(string Op, string Version)> Constraints, string Text)
{
    private static readonly string[] Ops = [">=", "<=", ">", "<", "="];

    public static VersionRange Parse(string text)
    {
        var list = new List<(string, string)>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var op = Ops.FirstOrDefault(part.StartsWith) ?? "";
            var v = part[op.Length..];
            if (v.Length == 0 || !char.IsAsciiDigit(v[0]))
                throw new FormatException($"'{part}' is not a version constraint (want e.g. >=6.1.0-24, <6.12, 4.8)");
            list.Add((op, v));
        }
        if (list.Count == 0) throw new FormatException("an empty version range");
        return new VersionRange(list, text.Trim());
    }

    public bool Contains(string version) => Constraints.All(c => c.Op switch
    {
        ">=" => Compare(version, c.Version) >= 0,
        ">" => Compare(version, c.Version) > 0,
        "<=" => Compare(version, c.Version) <= 0 || IsReleaseOf(version, c.Version),
        "<" => Compare(version, c.Version) < 0 && !IsReleaseOf(version, c.Version),
        _ => version == c.Version || IsReleaseOf(version, c.Version),
    });

    /// <summary>6.1.0-56-amd64 is a release of 6.1 and of 6.1.0-56: the prefix ends at a separator.</summary>
    private static bool IsReleaseOf(string version, string prefix) =>
        version.StartsWith(prefix, StringComparison.Ordinal) && (version.Length == prefix.Length || !char.IsAsciiDigit(version[prefix.Length]));

    private static int Compare(string a, string b) => Kernels.KernelAbi.Compare(a, b);

    public override string ToString() => Text;
}

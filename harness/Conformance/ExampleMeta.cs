namespace ProbeHarness.Conformance;

/// <summary>
/// One example of SystemTap's examples collection, from its .meta file: "key: value" lines, of
/// which test_support (a shell condition), test_check (runs on the host, passes 1-4) and
/// test_installcheck (runs the probes: in a guest) say how to test it.
/// </summary>
public sealed record ExampleMeta(string Name, string Category, string Directory, string MetaFile,
    string? Support, string? Check, string? InstallCheck, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>The test's name in the .sum, as SystemTap's systemtap.examples/check.exp names it.</summary>
    public string TestName => $"systemtap.examples/{Category}/{Path.GetFileNameWithoutExtension(Name)}";

    public static ExampleMeta Parse(string metaFile, string examplesRoot)
    {
        var fields = new Dictionary<string, string>();
        var n = 0;
        foreach (var raw in File.ReadLines(metaFile))
        {
            n++;
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#')) continue;
            var colon = raw.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{metaFile}:{n}: expected 'key: value'");
            var key = raw[..colon].Trim();
            if (!fields.TryAdd(key, raw[(colon + 1)..].Trim()))
                throw new FormatException($"{metaFile}:{n}: '{key}' given twice");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(metaFile))!;
        var category = Path.GetRelativePath(examplesRoot, dir).Replace('\\', '/');
        var name = fields.GetValueOrDefault("name") is { Length: > 0 } nm ? nm : Path.GetFileNameWithoutExtension(metaFile) + ".stp";
        return new ExampleMeta(name, category, dir, metaFile,
            NonEmpty(fields, "test_support"), NonEmpty(fields, "test_check"), NonEmpty(fields, "test_installcheck"), fields);
    }

    private static string? NonEmpty(Dictionary<string, string> f, string key) =>
        f.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
}

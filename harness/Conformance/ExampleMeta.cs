namespace ProbeHarness.Conformance;

/// <summary>
/// One example of SystemTap's examples collection, from its .meta file: "key: value" lines, of
/// which test_support (a shell condition), test_check (runs on the host, passes 1-4) and
/// test_installcheck (runs the probes: in a guest) say how to test it.
/// </summary>
public sealed partial record ExampleMeta(string Name, string Category, string Directory, string MetaFile,
    string? Support, string? Check, string? InstallCheck, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>
    /// The test's name in the .sum: category and the .meta's own name, which is the script's name
    /// except where two .meta files test one script with different arguments (py2example and
    /// py3example both test pyexample.stp): the names stay unique, one state each.
    /// </summary>
    public string TestName => $"systemtap.examples/{Category}/{Path.GetFileNameWithoutExtension(MetaFile)}";

    public static ExampleMeta Parse(string metaFile, string examplesRoot)
    {
        var fields = new Dictionary<string, string>();
        var n = 0;
        string? last = null;
        foreach (var raw in File.ReadLines(metaFile))
        {
            n++;
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#')) continue;
            var m = KeyLine().Match(raw);
            if (!m.Success)
            {
                // A line that starts no key continues the previous value (long descriptions wrap).
                if (last is null) throw new FormatException($"{metaFile}:{n}: expected 'key: value'");
                fields[last] += " " + raw.Trim();
                continue;
            }
            last = m.Groups[1].Value;
            if (!fields.TryAdd(last, raw[m.Length..].Trim()))
                throw new FormatException($"{metaFile}:{n}: '{last}' given twice");
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(metaFile))!;
        var category = Path.GetRelativePath(examplesRoot, dir).Replace('\\', '/');
        var name = fields.GetValueOrDefault("name") is { Length: > 0 } nm ? nm : Path.GetFileNameWithoutExtension(metaFile) + ".stp";
        return new ExampleMeta(name, category, dir, metaFile,
            NonEmpty(fields, "test_support"), NonEmpty(fields, "test_check"), NonEmpty(fields, "test_installcheck"), fields);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*):")]
    private static partial System.Text.RegularExpressions.Regex KeyLine();

    private static string? NonEmpty(Dictionary<string, string> f, string key) =>
        f.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
}

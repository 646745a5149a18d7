using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ProbeHarness.DataFiles;

/// <summary>
/// Reading the harness's YAML data files with line numbers: every helper names the file and the
/// line of the node it complains about.
/// </summary>
public static class Yaml
{
    /// <summary>The document's root mapping; a syntax error or another shape is a <see cref="DataFileException"/>.</summary>
    public static YamlMappingNode Root(string text, string file, string shape)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new DataFileException(file, e.Start.Line, e.Message); }
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? root
            : throw new DataFileException(file, 1, shape);
    }

    public static void CheckKeys(YamlMappingNode m, string[] allowed, string file, string what)
    {
        foreach (var k in m.Children.Keys)
            if (k is not YamlScalarNode s || !allowed.Contains(s.Value))
                throw Error(file, k, $"unknown {what} key '{k}'; known: {string.Join(", ", allowed)}");
    }

    public static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

    public static string? Scalar(YamlMappingNode m, string key, string file) => Child(m, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value ?? "",
        var n => throw Error(file, n, $"'{key}' must be a single value"),
    };

    public static bool Bool(YamlMappingNode m, string key, string file) => Scalar(m, key, file) switch
    {
        null or "false" or "no" => false,
        "true" or "yes" => true,
        var v => throw Error(file, m[key], $"'{key}' is true or false, not '{v}'"),
    };

    public static int? Number(YamlMappingNode m, string key, string file) => Scalar(m, key, file) switch
    {
        null => null,
        var v when int.TryParse(v, out var n) && n > 0 => n,
        var v => throw Error(file, m[key], $"'{key}' is a positive number, not '{v}'"),
    };

    /// <summary>A name or a list of names.</summary>
    public static IReadOnlyList<string> List(YamlMappingNode m, string key, string file) => Child(m, key) switch
    {
        null => [],
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.Select(n => n is YamlScalarNode s ? s.Value ?? "" : throw Error(file, n, $"'{key}' holds names")).ToList(),
        var n => throw Error(file, n, $"'{key}' is a name or a list of names"),
    };

    public static DataFileException Error(string file, YamlNode node, string message) => new(file, node.Start.Line, message);
}

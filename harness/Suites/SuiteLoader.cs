using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ProbeHarness.Suites;

/// <summary>
/// Reads a suite from its suite.yaml. The format is documented in suites/README.md; every error
/// names the file and the line.
/// </summary>
public static class SuiteLoader
{
    private static readonly string[] TestKeys =
        ["name", "engines", "arches", "script", "workload", "timeout", "runtime", "guru", "expect", "description"];
    private static readonly string[] ExpectKeys = ["output", "output-matches", "exit", "xfail", "kfail", "crash"];

    /// <summary>Finds a suite by name (a folder of suites/) or by path (a folder or its suite.yaml).</summary>
    public static Suite Load(string nameOrPath)
    {
        var path = nameOrPath;
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, "suite.yaml");
        else if (!File.Exists(path))
        {
            var named = System.IO.Path.Combine(Resources.Dir("suites"), nameOrPath, "suite.yaml");
            if (!File.Exists(named))
                throw new FileNotFoundException($"no suite '{nameOrPath}': not a path, and no {named}");
            path = named;
        }
        return Parse(File.ReadAllText(path), System.IO.Path.GetFullPath(path));
    }

    public static Suite Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SuiteFormatException(file, e.Start.Line, e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SuiteFormatException(file, 1, "a suite file is a mapping with 'suite' and 'tests'");
        var dir = System.IO.Path.GetDirectoryName(file)!;
        var name = Scalar(root, "suite", file) ?? throw Error(file, root, "missing 'suite' (the suite's name)");
        var description = Scalar(root, "description", file) ?? "";
        if (Child(root, "tests") is not YamlSequenceNode tests)
            throw Error(file, root, "missing 'tests' (a list of tests)");
        var list = new List<SuiteTest>();
        foreach (var node in tests)
        {
            if (node is not YamlMappingNode t) throw Error(file, node, "each test is a mapping");
            var test = ParseTest(t, file, dir);
            if (list.Any(x => x.Name == test.Name)) throw Error(file, t, $"test '{test.Name}' is defined twice");
            list.Add(test);
        }
        return new Suite(name, file, description, list);
    }

    private static SuiteTest ParseTest(YamlMappingNode t, string file, string dir)
    {
        CheckKeys(t, TestKeys, file, "test");
        var name = Scalar(t, "name", file) ?? throw Error(file, t, "a test needs a 'name'");
        var script = Scalar(t, "script", file) ?? throw Error(file, t, $"test '{name}' needs a 'script'");
        var scriptPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, script));
        if (!File.Exists(scriptPath)) throw Error(file, t["script"], $"test '{name}': script {scriptPath} does not exist");
        var timeout = Scalar(t, "timeout", file) is { } ts
            ? TimeSpan.FromSeconds(int.TryParse(ts, out var s) && s > 0 ? s : throw Error(file, t["timeout"], "timeout is a number of seconds"))
            : TimeSpan.FromSeconds(120);
        var runtime = Scalar(t, "runtime", file) ?? "patched";
        if (runtime is not ("patched" or "stock")) throw Error(file, t["runtime"], "runtime is 'patched' or 'stock'");
        if (Child(t, "expect") is not YamlMappingNode e) throw Error(file, t, $"test '{name}' needs an 'expect' mapping");
        return new SuiteTest(name, List(t, "engines", file), List(t, "arches", file), scriptPath,
            Scalar(t, "workload", file), timeout, runtime, Bool(t, "guru", file), ParseExpect(e, file, name),
            $"{file}:{t.Start.Line}");
    }

    private static Expectation ParseExpect(YamlMappingNode e, string file, string test)
    {
        CheckKeys(e, ExpectKeys, file, "expect");
        var exit = Scalar(e, "exit", file) is { } x
            ? int.TryParse(x, out var v) ? v : throw Error(file, e["exit"], "exit is a number")
            : 0;
        KnownFailure? kfail = null;
        if (Child(e, "kfail") is YamlMappingNode k)
            kfail = new KnownFailure(Scalar(k, "reason", file) ?? throw Error(file, k, "kfail needs a 'reason'"), Scalar(k, "bug", file));
        else if (Child(e, "kfail") is { } kn) throw Error(file, kn, "kfail is a mapping with 'reason' and 'bug'");
        ExpectedCrash? crash = null;
        if (Child(e, "crash") is YamlMappingNode c)
        {
            var culprit = Scalar(c, "culprit", file) ?? "kernel";
            if (culprit is not ("kernel" or "probe-engine")) throw Error(file, c, "crash culprit is 'kernel' or 'probe-engine'");
            crash = new ExpectedCrash(culprit, Scalar(c, "title-matches", file), Scalar(c, "reason", file));
        }
        else if (Child(e, "crash") is { } cn) throw Error(file, cn, "crash is a mapping with 'culprit', 'title-matches', 'reason'");
        var xfail = Scalar(e, "xfail", file);
        if (new object?[] { xfail, kfail, crash }.Count(o => o is not null) > 1)
            throw Error(file, e, $"test '{test}': at most one of xfail, kfail, crash");
        var output = Scalar(e, "output", file);
        var matches = Scalar(e, "output-matches", file);
        if (output is not null && matches is not null) throw Error(file, e, "output and output-matches exclude each other");
        if (matches is not null)
        {
            try { _ = new System.Text.RegularExpressions.Regex(matches); }
            catch (ArgumentException ex) { throw Error(file, e["output-matches"], $"bad regular expression: {ex.Message}"); }
        }
        if (output is null && matches is null && xfail is null && kfail is null && crash is null)
            throw Error(file, e, $"test '{test}' expects nothing: give output, output-matches, xfail, kfail or crash");
        return new Expectation(output, matches, exit, xfail, kfail, crash);
    }

    private static void CheckKeys(YamlMappingNode m, string[] allowed, string file, string what)
    {
        foreach (var k in m.Children.Keys)
            if (k is not YamlScalarNode s || !allowed.Contains(s.Value))
                throw Error(file, k, $"unknown {what} key '{k}'; known: {string.Join(", ", allowed)}");
    }

    private static YamlNode? Child(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var n) ? n : null;

    private static string? Scalar(YamlMappingNode m, string key, string file) => Child(m, key) switch
    {
        null => null,
        YamlScalarNode s => s.Value,
        var n => throw Error(file, n, $"'{key}' must be a single value"),
    };

    private static bool Bool(YamlMappingNode m, string key, string file) => Scalar(m, key, file) switch
    {
        null or "false" or "no" => false,
        "true" or "yes" => true,
        var v => throw Error(file, m[key], $"'{key}' is true or false, not '{v}'"),
    };

    private static IReadOnlyList<string> List(YamlMappingNode m, string key, string file) => Child(m, key) switch
    {
        null => [],
        YamlScalarNode s => [s.Value!],
        YamlSequenceNode seq => seq.Select(n => n is YamlScalarNode s ? s.Value! : throw Error(file, n, $"'{key}' holds names")).ToList(),
        var n => throw Error(file, n, $"'{key}' is a name or a list of names"),
    };

    private static SuiteFormatException Error(string file, YamlNode node, string message) =>
        new(file, node.Start.Line, message);
}

using YamlDotNet.RepresentationModel;
using ProbeHarness.DataFiles;
using static ProbeHarness.DataFiles.Yaml;

namespace ProbeHarness.Corpus;


/// <summary>Reads vmimages/crashmod/cases.yaml (its header comment documents the format).</summary>
public static class CorpusCaseLoader
{
    private static readonly string[] CaseKeys =
        ["name", "arches", "kernel-args", "cpus", "timeout", "run", "stap", "workload", "truncate-from", "needs-config", "expect"];
    private static readonly string[] ExpectKeys = ["title", "type", "culprit", "corrupted", "probe"];

    public static string DefaultPath => Resources.PathOf("vmimages", "crashmod/cases.yaml");

    public static IReadOnlyList<CorpusCase> Load(string path) =>
        Parse(File.ReadAllText(path), Path.GetFullPath(path));

    public static IReadOnlyList<CorpusCase> Parse(string text, string file)
    {
        const string shape = "the table is a mapping with a 'cases' list";
        var root = Root(text, file, shape);
        if (Child(root, "cases") is not YamlSequenceNode rows) throw new DataFileException(file, 1, shape);
        var dir = Path.GetDirectoryName(file)!;
        var cases = new List<CorpusCase>();
        foreach (var node in rows)
        {
            if (node is not YamlMappingNode row) throw Error(file, node, "each case is a mapping");
            var c = ParseCase(row, file, dir);
            var clash = cases.FirstOrDefault(o => o.Name == c.Name && (o.Arches.Count == 0 || c.Arches.Count == 0 || o.Arches.Intersect(c.Arches).Any()));
            if (clash is not null) throw Error(file, row, $"case '{c.Name}' is already defined for these architectures at {clash.Source}");
            cases.Add(c);
        }
        foreach (var c in cases.Where(c => c.TruncateFrom is not null))
            if (!cases.Any(o => o.Name == c.TruncateFrom && o.TruncateFrom is null))
                throw new DataFileException(file, Line(c.Source), $"case '{c.Name}' truncates '{c.TruncateFrom}', which is not a booted case");
        return cases;
    }

    private static CorpusCase ParseCase(YamlMappingNode row, string file, string dir)
    {
        CheckKeys(row, CaseKeys, file, "case");
        var name = Scalar(row, "name", file) ?? throw Error(file, row, "a case needs a 'name'");
        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_')))
            throw Error(file, row, $"case name '{name}' is a file name: letters, digits, '-' and '_' only");
        var run = Scalar(row, "run", file);
        var stap = Scalar(row, "stap", file);
        var truncate = Scalar(row, "truncate-from", file);
        if (new[] { run, stap, truncate }.Count(x => x is not null) != 1)
            throw Error(file, row, $"case '{name}' needs exactly one of run, stap, truncate-from");
        if (stap is not null)
        {
            stap = Path.GetFullPath(Path.Combine(dir, "stap", stap));
            if (!File.Exists(stap)) throw Error(file, row["stap"], $"case '{name}': no script {stap}");
        }
        var workload = Scalar(row, "workload", file);
        if (workload is not null && stap is null) throw Error(file, row["workload"], "workload goes with stap");
        var cpus = Number(row, "cpus", file) ?? 1;
        var timeout = Number(row, "timeout", file) ?? 60;
        if (Child(row, "expect") is not YamlMappingNode e) throw Error(file, row, $"case '{name}' needs an 'expect' mapping");
        CheckKeys(e, ExpectKeys, file, "expect");
        var expect = new CorpusExpectation(
            Scalar(e, "title", file) ?? throw Error(file, e, "expect needs a 'title' (empty for a clean log)"),
            Scalar(e, "type", file) ?? "",
            Scalar(e, "culprit", file) ?? throw Error(file, e, "expect needs a 'culprit'"),
            Scalar(e, "corrupted", file) is "yes" or "true",
            Scalar(e, "probe", file));
        var needs = List(row, "needs-config", file);
        foreach (var o in needs)
            if (!o.StartsWith("CONFIG_", StringComparison.Ordinal) || o.Length == 7 || o.Skip(7).Any(ch => !(char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '_')))
                throw Error(file, row["needs-config"], $"case '{name}': '{o}' is not a kernel option (CONFIG_ and capitals, digits, '_')");
        return new CorpusCase(name, List(row, "arches", file), List(row, "kernel-args", file), cpus,
            TimeSpan.FromSeconds(timeout), run, stap, workload, truncate, expect, $"{file}:{row.Start.Line}", needs);
    }

    private static long Line(string source) => long.Parse(source[(source.LastIndexOf(':') + 1)..]);






}

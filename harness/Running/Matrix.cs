using YamlDotNet.RepresentationModel;
using ProbeHarness.DataFiles;
using static ProbeHarness.DataFiles.Yaml;
using ProbeHarness.Suites;

namespace ProbeHarness.Running;

/// <summary>One architecture and kernel, with the engines that run on it: the unit a guest image serves.</summary>
public sealed record CellGroup(string Arch, string Kernel, IReadOnlyList<string> Engines)
{
    public override string ToString() => $"{Arch}/{Kernel} ({string.Join(", ", Engines)})";
}

/// <summary>
/// A named matrix of arch x kernel x engine cells, from matrices/NAME.yaml: either one cross
/// product (arches, kernels, engines) or a list of them under include:, minus exclude:.
/// Errors name the file and line.
/// </summary>
public sealed record Matrix(string Name, string Suite, IReadOnlyList<CellGroup> Groups)
{
    public int CellCount => Groups.Sum(g => g.Engines.Count);

    /// <summary>A matrix by name (matrices/NAME.yaml) or by path.</summary>
    public static Matrix Load(string nameOrPath)
    {
        var path = PathOf(nameOrPath);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The file of a matrix given by name (matrices/NAME.yaml) or by path.</summary>
    public static string PathOf(string nameOrPath)
    {
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(Resources.Dir("matrices"), nameOrPath + ".yaml");
        if (!File.Exists(path)) throw new FileNotFoundException($"no matrix '{nameOrPath}': not a file, and no {path}");
        return Path.GetFullPath(path);
    }

    public static Matrix Parse(string text, string file)
    {
        var root = Root(text, file, "a matrix file is a mapping with 'matrix', 'suite' and cells");
        CheckKeys(root, ["matrix", "suite", "arches", "kernels", "engines", "include", "exclude"], file, "matrix");
        var name = Scalar(root, "matrix", file) ?? throw new DataFileException(file, root.Start.Line, "missing 'matrix' (its name)");
        var suite = Scalar(root, "suite", file) ?? "smoke";

        var products = new List<YamlMappingNode>();
        if (root.Children.ContainsKey(new YamlScalarNode("arches"))) products.Add(root);
        if (Child(root, "include") is YamlSequenceNode inc)
            products.AddRange(inc.Select(n => n as YamlMappingNode ?? throw new DataFileException(file, n.Start.Line, "include holds mappings")));
        if (products.Count == 0) throw new DataFileException(file, root.Start.Line, "no cells: give arches/kernels/engines or include:");

        var excluded = new List<(IReadOnlyList<string> a, IReadOnlyList<string> k, IReadOnlyList<string> e)>();
        if (Child(root, "exclude") is YamlSequenceNode exc)
            foreach (var n in exc)
            {
                var m = n as YamlMappingNode ?? throw new DataFileException(file, n.Start.Line, "exclude holds mappings");
                var x = (List(m, "arches", file), List(m, "kernels", file), List(m, "engines", file));
                // A misspelt name would exclude nothing, silently.
                foreach (var a in x.Item1.Where(a => Architectures.ArchTable.All.All(r => r.Name != a && r.DebianArch != a)))
                    throw new DataFileException(file, m["arches"].Start.Line, $"exclude: unknown architecture '{a}'");
                if (Engines.EngineRegistry.FirstUnknown(x.Item3) is { } unknown)
                    throw new DataFileException(file, m["engines"].Start.Line, $"exclude: {Engines.EngineRegistry.Unknown(unknown)}");
                excluded.Add(x);
            }

        var groups = new List<CellGroup>();
        foreach (var p in products)
        {
            var arches = Required(p, "arches", file);
            var kernels = Required(p, "kernels", file);
            var engines = Required(p, "engines", file);
            if (Engines.EngineRegistry.FirstUnknown(engines) is { } unknown)
                throw new DataFileException(file, p["engines"].Start.Line, Engines.EngineRegistry.Unknown(unknown));
            foreach (var a in arches)
            {
                Architectures.Arch arch;
                try { arch = Architectures.ArchTable.Get(a); }
                catch (ArgumentException e) { throw new DataFileException(file, p["arches"].Start.Line, e.Message); }
                foreach (var k in kernels)
                {
                    // Each kernel as the arch will ask for it: the grammar, and a flavor this arch has.
                    try { Kernels.KernelSpec.Parse(k).CheckFor(arch); }
                    catch (Kernels.KernelSpecException e) { throw new DataFileException(file, p["kernels"].Start.Line, e.Message); }
                    var kept = engines.Where(e => !excluded.Any(x => Has(x.a, a) && Has(x.k, k) && Has(x.e, e))).ToList();
                    var existing = groups.FindIndex(g => g.Arch == a && g.Kernel == k);
                    if (existing >= 0) kept = groups[existing].Engines.Union(kept).ToList();
                    if (kept.Count == 0) continue;
                    if (existing >= 0) groups[existing] = groups[existing] with { Engines = kept };
                    else groups.Add(new CellGroup(a, k, kept));
                }
            }
        }
        return new Matrix(name, suite, groups);

        static bool Has(IReadOnlyList<string> list, string v) => list.Count == 0 || list.Contains(v);
    }

    private static IReadOnlyList<string> Required(YamlMappingNode m, string key, string file)
    {
        var l = List(m, key, file);
        return l.Count > 0 ? l : throw new DataFileException(file, m.Start.Line, $"a cell product needs '{key}'");
    }



}

using NUnit.Framework;

namespace ProbeHarness.Tests.Triage;

/// <summary>One real console log of the corpus and what triage must say about it.</summary>
public sealed record CorpusCase(string Arch, string Name, string Path, string Title, string Type, string Culprit, bool Corrupted, string? Probe, string Log)
{
    public override string ToString() => $"{Arch}/{Name}";
}

/// <summary>
/// Finds tests/Harness.Tests/Triage/corpus from the test binaries by walking up to the solution:
/// the logs are not copied to the output directory (the project file is not ours to change).
/// </summary>
public static class Corpus
{
    public static string Directory
    {
        get
        {
            var start = TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory;
            return System.IO.Path.Combine(Checkout.Root(start), "tests", "Harness.Tests", "Triage", "corpus");
        }
    }

    public static IEnumerable<CorpusCase> Cases() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.log", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(Load);

    public static CorpusCase Load(string path)
    {
        var text = File.ReadAllText(path);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new FormatException($"{path}: no blank line after the header");
        var headers = text[..split].Split('\n')
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");
        string Need(string key) => headers.TryGetValue(key, out var v) ? v : throw new FormatException($"{path}: no {key}: header");
        return new CorpusCase(
            new DirectoryInfo(System.IO.Path.GetDirectoryName(path)!).Name,
            System.IO.Path.GetFileNameWithoutExtension(path),
            path,
            Need("TITLE"), Need("TYPE"), Need("CULPRIT"), Need("CORRUPTED") == "yes",
            headers.GetValueOrDefault("PROBE"),
            text[(split + 2)..]);
    }
}

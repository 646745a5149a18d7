namespace ProbeHarness.Kernels;

/// <summary>A kernel image package the archive serves: linux-image-&lt;abi&gt;-&lt;flavor&gt;[-unsigned].</summary>
public sealed record KernelPackage(string Name, string Abi, string Flavor, bool Unsigned)
{
    public string Release => $"{Abi}-{Flavor}";

    private const string Prefix = "linux-image-";

    /// <summary>
    /// Recognises an image package name. Meta packages (linux-image-amd64), debug symbols (-dbg)
    /// and signing templates carry no ABI or are not kernels, and give null.
    /// </summary>
    public static KernelPackage? FromName(string name)
    {
        if (!name.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = name[Prefix.Length..];
        if (rest.EndsWith("-dbg", StringComparison.Ordinal) || rest.Contains("template")) return null;
        var unsigned = rest.EndsWith("-unsigned", StringComparison.Ordinal);
        if (unsigned) rest = rest[..^"-unsigned".Length];
        return KernelAbi.TrySplit(rest, out var abi, out var flavor) && flavor is not null
            ? new KernelPackage(name, abi, flavor, unsigned)
            : null;
    }

    /// <summary>Parses `apt-cache search --names-only` output: "name - description" per line.</summary>
    public static IReadOnlyList<KernelPackage> ParseSearch(string output) =>
        output.Split('\n')
            .Select(l => l.Split(" - ", 2)[0].Trim())
            .Where(n => n.Length > 0)
            .Select(FromName)
            .OfType<KernelPackage>()
            .Distinct()
            .ToList();
}

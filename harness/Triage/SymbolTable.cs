using System.Globalization;

namespace ProbeHarness.Triage;

/// <summary>A resolved address: the symbol that holds it and where in it.</summary>
public readonly record struct SymbolHit(string Name, string? Module, ulong Offset, ulong Size)
{
    public override string ToString() =>
        $"{Name}+0x{Offset:x}/0x{Size:x}" + (Module is null ? "" : $" [{Module}]");
}

/// <summary>
/// Text symbols from a System.map or a /proc/kallsyms dump ("ADDR TYPE NAME [module]"), for naming
/// frames the kernel printed as bare addresses. A symbol's size is the distance to the next one,
/// which is what the kernel's own kallsyms lookup assumes too.
/// </summary>
public sealed class SymbolTable
{
    // Beyond this distance from the last symbol below it, an address is in no symbol we know:
    // a user address, or a module that was not in the dump.
    private const ulong MaxSymbolSize = 1 << 20;
    private const ulong LastSymbolSize = 1 << 16;

    private readonly ulong[] addresses;
    private readonly string[] names;
    private readonly string?[] modules;

    private SymbolTable(List<(ulong Addr, string Name, string? Module)> symbols)
    {
        symbols.Sort((a, b) => a.Addr.CompareTo(b.Addr));
        addresses = symbols.Select(s => s.Addr).ToArray();
        names = symbols.Select(s => s.Name).ToArray();
        modules = symbols.Select(s => s.Module).ToArray();
    }

    public int Count => addresses.Length;

    public static SymbolTable Load(string path)
    {
        using var reader = File.OpenText(path);
        return Parse(reader);
    }

    public static SymbolTable Parse(TextReader reader)
    {
        var symbols = new List<(ulong, string, string?)>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts[1].Length != 1) continue;
            // Text only: a code address resolved to a data symbol would name the wrong thing.
            if (char.ToLowerInvariant(parts[1][0]) is not ('t' or 'w')) continue;
            if (!ulong.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var addr) || addr == 0) continue;
            var module = parts.Length > 3 && parts[3].StartsWith('[') ? parts[3].Trim('[', ']') : null;
            symbols.Add((addr, parts[2], module));
        }
        return new SymbolTable(symbols);
    }

    public SymbolHit? Resolve(ulong address)
    {
        var i = Array.BinarySearch(addresses, address);
        if (i < 0) i = ~i - 1;
        if (i < 0) return null;
        // Aliases share an address; the first one in sorted order stands for all of them.
        while (i > 0 && addresses[i - 1] == addresses[i]) i--;
        var next = i + 1;
        while (next < addresses.Length && addresses[next] == addresses[i]) next++;
        // The last symbol has no successor to bound it; assume a function-sized extent.
        var size = next < addresses.Length ? addresses[next] - addresses[i] : LastSymbolSize;
        var offset = address - addresses[i];
        if (offset >= size || offset >= MaxSymbolSize) return null;
        return new SymbolHit(names[i], modules[i], offset, size);
    }

    /// <summary>The address as the kernel would print it: "func+0xoff/0xsize [module]".</summary>
    public string? Lookup(ulong address) => Resolve(address)?.ToString();
}

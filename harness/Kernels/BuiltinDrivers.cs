using System.IO.Compression;
using System.Text;

namespace ProbeHarness.Kernels;

/// <summary>
/// Whether drivers are built into a kernel (=y), decided from its data, never assumed: its config
/// (config-*, .config), else its modules.builtin, else the config the image carries (IKCONFIG, read
/// from an uncompressed image). A kernel whose agent-channel drivers are built in boots the agent
/// without a modules tree. The Kconfig symbol of each driver the agent needs is its module name
/// upper-cased (virtio_console: CONFIG_VIRTIO_CONSOLE).
/// </summary>
public static class BuiltinDrivers
{
    /// <summary>One driver: built in, a module, absent, or unknown (null), and the file and line that say so.</summary>
    public sealed record Finding(string Module, Kind State, string Evidence)
    {
        public bool BuiltIn => State == Kind.BuiltIn;
    }

    public enum Kind { BuiltIn, Module, Absent, Unknown }

    private static readonly byte[] IkconfigStart = "IKCFG_ST"u8.ToArray();

    public static IReadOnlyList<Finding> Decide(IEnumerable<string> modules, string? configPath, string? builtinListPath, string? imagePath)
    {
        var names = modules.Select(m => m.Replace('-', '_')).ToList();
        if (configPath is not null && File.Exists(configPath))
            return FromConfig(names, File.ReadAllLines(configPath), Path.GetFileName(configPath));
        if (builtinListPath is not null && File.Exists(builtinListPath))
            return FromBuiltinList(names, File.ReadAllLines(builtinListPath), Path.GetFileName(builtinListPath));
        if (imagePath is not null && Ikconfig(imagePath) is { } embedded)
            return FromConfig(names, embedded.Split('\n'), "the image's IKCONFIG");
        return names.Select(n => new Finding(n, Kind.Unknown, "no config, modules.builtin or IKCONFIG says")).ToList();
    }

    public static IReadOnlyList<Finding> FromConfig(IReadOnlyList<string> modules, IReadOnlyList<string> lines, string source) =>
        modules.Select(m =>
        {
            var symbol = "CONFIG_" + m.ToUpperInvariant();
            for (var i = 0; i < lines.Count; i++)
            {
                var l = lines[i].Trim();
                var at = $"{source} line {i + 1}";
                if (l == $"{symbol}=y") return new Finding(m, Kind.BuiltIn, at);
                if (l == $"{symbol}=m") return new Finding(m, Kind.Module, at);
                if (l == $"# {symbol} is not set") return new Finding(m, Kind.Absent, at);
            }
            return new Finding(m, Kind.Absent, $"{symbol} is not in {source}");
        }).ToList();

    public static IReadOnlyList<Finding> FromBuiltinList(IReadOnlyList<string> modules, IReadOnlyList<string> lines, string source) =>
        modules.Select(m =>
        {
            for (var i = 0; i < lines.Count; i++)
                if (Guest.ModuleFile.NameOf(lines[i].Trim())?.Replace('-', '_') == m)
                    return new Finding(m, Kind.BuiltIn, $"{source} line {i + 1}");
            return new Finding(m, Kind.Module, $"not in {source}");
        }).ToList();

    /// <summary>The config text an uncompressed image carries (CONFIG_IKCONFIG), or null.</summary>
    public static string? Ikconfig(string imagePath)
    {
        using var f = File.OpenRead(imagePath);
        var start = Find(f, IkconfigStart);
        if (start < 0) return null;
        f.Position = start + IkconfigStart.Length;
        try
        {
            using var gz = new GZipStream(f, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new StreamReader(gz, Encoding.ASCII);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException) { return null; }
    }

    /// <summary>The offset of the first <paramref name="pattern"/> in the stream, or -1; read in chunks.</summary>
    private static long Find(Stream s, byte[] pattern)
    {
        var buffer = new byte[1 << 20];
        long based = 0;
        var kept = 0;
        while (true)
        {
            var n = s.Read(buffer, kept, buffer.Length - kept);
            if (n == 0) return -1;
            var filled = kept + n;
            var at = buffer.AsSpan(0, filled).IndexOf(pattern);
            if (at >= 0) return based + at;
            // Keep the tail: the pattern may straddle two reads.
            kept = Math.Min(pattern.Length - 1, filled);
            Array.Copy(buffer, filled - kept, buffer, 0, kept);
            based += filled - kept;
        }
    }
}

using System.Text;

namespace ProbeHarness.Guest;

/// <summary>
/// Resolves kernel modules by name in an unpacked modules tree, dependencies first, reading
/// each module's own `depends=` from its .modinfo (Debian ships no modules.dep; depmod makes it
/// at install time). Built-in modules (modules.builtin) are skipped: on some architectures and
/// releases the agent channel's drivers are built in (trixie riscv64 has virtio_pci and
/// virtio_console =y). Compressed modules are returned uncompressed.
/// </summary>
public static class KernelModules
{
    public sealed record Module(string Name, string Path, byte[] Content);

    public static async Task<IReadOnlyList<Module>> ResolveAsync(string modulesDir, IEnumerable<string> names, CancellationToken ct = default)
    {
        var index = Index(modulesDir);
        var builtin = Builtin(modulesDir);
        var order = new List<Module>();
        var seen = new HashSet<string>();
        foreach (var n in names) await VisitAsync(Normalise(n), []);
        return order;

        async Task VisitAsync(string name, HashSet<string> stack)
        {
            if (seen.Contains(name) || builtin.Contains(name)) return;
            if (!stack.Add(name)) throw new InvalidOperationException($"module dependency cycle at {name}");
            if (!index.TryGetValue(name, out var path))
                throw new FileNotFoundException($"module {name} is neither built in nor under {modulesDir}");
            var content = await ModuleFile.ReadAsync(path, ct);
            foreach (var dep in Depends(content)) await VisitAsync(dep, stack);
            seen.Add(name);
            order.Add(new Module(name, path, content));
        }
    }

    private static string Normalise(string name) => name.Replace('-', '_');

    private static Dictionary<string, string> Index(string modulesDir)
    {
        var d = new Dictionary<string, string>();
        foreach (var f in Directory.EnumerateFiles(modulesDir, "*.ko*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (ModuleFile.NameOf(f) is { } n)
                d.TryAdd(Normalise(n), f);
        return d;
    }

    private static HashSet<string> Builtin(string modulesDir)
    {
        var f = Path.Combine(modulesDir, "modules.builtin");
        if (!File.Exists(f)) return [];
        return File.ReadLines(f)
            .Select(l => ModuleFile.NameOf(l.Trim()))
            .OfType<string>()
            .Select(Normalise)
            .ToHashSet();
    }

    /// <summary>The names in a module file's `depends=` string (uncompressed .ko).</summary>
    public static IReadOnlyList<string> Depends(string koPath) => Depends(File.ReadAllBytes(koPath));

    /// <summary>The names in an uncompressed module's `depends=` string.</summary>
    public static IReadOnlyList<string> Depends(byte[] bytes)
    {
        var marker = "depends="u8;
        var i = bytes.AsSpan().IndexOf(marker);
        while (i > 0 && bytes[i - 1] != 0)
        {
            var next = bytes.AsSpan(i + 1).IndexOf(marker);
            if (next < 0) return [];
            i += 1 + next;
        }
        if (i < 0) return [];
        var start = i + marker.Length;
        var end = Array.IndexOf(bytes, (byte)0, start);
        var value = Encoding.ASCII.GetString(bytes, start, end - start);
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Normalise).ToList();
    }
}

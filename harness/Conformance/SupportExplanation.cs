using System.Text.RegularExpressions;

namespace ProbeHarness.Conformance;

/// <summary>
/// Why a test_support line of `stap -l` listings failed when stap said nothing (it lists what
/// matches and exits 1 when nothing does): each kernel probe point it names is checked against
/// the kernel's real System.map, which tells "the kernel has no such function" apart from "the
/// function is there, but stap lists kernel.function points only with DWARF".
/// </summary>
public static partial class SupportExplanation
{
    // kernel.function("x"), kernel.function["x"] (as some .meta files quote it), module("m").function("x"), kprobe.function("x"), kernel.trace("t"), process("p")
    [GeneratedRegex("""(?<kind>kernel\.function|kprobe\.function|kernel\.trace|module\(["\[](?<module>[^"\]]+)["\]]\)\.function|process)[(\[]"(?<name>[^"]*)"[)\]]""")]
    private static partial Regex Point();

    /// <param name="kernelHas">Whether the kernel image's symbol table has a name (null: no System.map).</param>
    public static string? Explain(string supportLine, Func<string, bool>? kernelHas)
    {
        var reasons = new List<string>();
        foreach (Match m in Point().Matches(supportLine))
        {
            var kind = m.Groups["kind"].Value;
            var name = m.Groups["name"].Value;
            var wild = name.IndexOfAny(['*', '?', '[']) >= 0;
            string? why = kind switch
            {
                "process" => $"process(\"{name}\") needs that program (and its markers) on the host",
                "kernel.trace" when HasTracepoint(kernelHas, name.Split(':')[^1]) is false =>
                    $"the kernel image has no tracepoint {name} (absent, or a module's)",
                "kernel.trace" => null,
                _ when m.Groups["module"].Success => $"module(\"{m.Groups["module"].Value}\").function points need the module's debuginfo",
                "kprobe.function" when kernelHas is not null && !wild && !Has(kernelHas, name) => $"the kernel has no function {name} (not in its System.map)",
                "kprobe.function" => null,
                _ when kernelHas is null || wild => "kernel.function points need kernel debuginfo",
                _ when Has(kernelHas, name) => $"needs kernel debuginfo ({name} is in the kernel's System.map; stap lists kernel.function points only with DWARF)",
                _ => $"the kernel has no function {name} (not in its System.map)",
            };
            if (why is not null && !reasons.Contains(why)) reasons.Add(why);
        }
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    /// <summary>
    /// Whether the kernel has tracepoint <paramref name="name"/> (a glob is matched against none, so
    /// it is null): its __tracepoint_ data symbol or, in maps of text symbols only (arm64's kallsyms
    /// without KALLSYMS_ALL), its __traceiter_ function. Null when there is no map, or the map shows
    /// no tracepoints at all (sched_switch is in every kernel), so it cannot tell.
    /// </summary>
    public static bool? HasTracepoint(Func<string, bool>? kernelHas, string name)
    {
        if (kernelHas is null || name.IndexOfAny(['*', '?', '[']) >= 0) return null;
        bool Named(string n) => kernelHas($"__tracepoint_{n}") || kernelHas($"__traceiter_{n}");
        if (!Named("sched_switch")) return null;
        return Named(name);
    }

    // A compiler may have renamed a local copy: name.isra.0, name.constprop.0, name.part.0.
    private static bool Has(Func<string, bool> kernelHas, string name) =>
        kernelHas(name) || kernelHas(name + ".isra.0") || kernelHas(name + ".constprop.0") || kernelHas(name + ".part.0");

    /// <summary>The names in a System.map ("address type name" lines).</summary>
    public static HashSet<string> NamesOf(string systemMap)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(systemMap))
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3) names.Add(parts[2].Split('\t')[0].Trim());
        }
        return names;
    }
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Fuzzing;

/// <summary>A tapset function a script may call: its name, return type and parameter types ("long", "string").</summary>
public sealed record FunctionSig(string Name, string Type, IReadOnlyList<string> Params);

/// <summary>
/// The words a generated script may use, read from the engine and the kernel under test: stap's
/// probe types, probe aliases and tapset functions (`stap --dump-probe-types`, `--dump-probe-aliases`,
/// `--dump-functions`), and the kernel's probe-able functions (System.map's text symbols minus
/// the ranges kprobes refuse). <see cref="Builtin"/> is a small stand-in for tests without stap.
/// </summary>
public sealed record FuzzVocabulary(
    IReadOnlyList<string> ProbeTypes,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<FunctionSig> Functions,
    IReadOnlyList<string> KernelFunctions,
    IReadOnlyList<string> Tracepoints)
{
    /// <summary>Syscall aliases stap resolves without debuginfo on the kernels the harness runs (checked: tapset coverage).</summary>
    public static readonly IReadOnlyList<string> KnownSyscalls =
        ["read", "write", "openat", "close", "getpid", "mmap2", "brk", "nanosleep", "clock_nanosleep", "ioctl", "mkdir", "unlink", "execve", "exit_group"];

    public static readonly FuzzVocabulary Builtin = new(
        ["begin", "end", "timer.ms(number)", "timer.s(number)", "timer.profile", "kprobe.function(string)", "kprobe.function(string).return", "kernel.trace(string)"],
        KnownSyscalls.SelectMany(s => new[] { $"nd_syscall.{s}", $"nd_syscall.{s}.return", $"syscall.{s}", $"syscall.{s}.return" }).ToList(),
        [new("strlen", "long", ["string"]), new("substr", "string", ["string", "long", "long"]), new("isinstr", "long", ["string", "string"]),
         new("strtol", "long", ["string", "long"]), new("text_str", "string", ["string"]), new("str_replace", "string", ["string", "string", "string"]),
         new("execname", "string", []), new("pid", "long", []), new("tid", "long", []), new("cpu", "long", []), new("gettimeofday_ns", "long", []),
         new("jiffies", "long", []), new("pp", "string", []), new("stringat", "long", ["string", "long"]), new("sprint", "string", ["long"]),
         new("ppfunc", "string", []), new("uid", "long", []), new("ppid", "long", [])],
        ["vfs_read", "vfs_write", "do_sys_openat2", "ksys_read", "__x64_sys_getpid", "do_nanosleep", "kernel_clone", "vfs_mkdir"],
        ["sched_switch", "sched_process_fork", "sys_enter", "irq_handler_entry"]);

    /// <summary>Tapset functions whose pass 2 needs what a stock kernel lacks (DWARF, a target variable): measured, kept out.</summary>
    public static readonly IReadOnlySet<string> ContextFunctions = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>`stap --dump-functions`: one "name:type (arg:type, ...)" a line; functions with unknown or stat types left out.</summary>
    public static IReadOnlyList<FunctionSig> ParseFunctions(string dump)
    {
        var found = new List<FunctionSig>();
        foreach (var raw in dump.Split('\n'))
        {
            var m = Regex.Match(raw.Trim(), @"^([A-Za-z][A-Za-z0-9_]*):(long|string|unknown)\s*\((.*)\)");
            if (!m.Success || m.Groups[2].Value == "unknown") continue;
            var ps = m.Groups[3].Value.Trim();
            var types = ps.Length == 0 ? [] : ps.Split(',').Select(p => p.Trim().Split(':').LastOrDefault()?.Trim() ?? "").ToList();
            if (types.Any(t => t is not ("long" or "string"))) continue;
            found.Add(new FunctionSig(m.Groups[1].Value, m.Groups[2].Value, types));
        }
        return found.DistinctBy(f => f.Name).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>`stap --dump-probe-types`: one probe type a line ("kprobe.function(string).return").</summary>
    public static IReadOnlyList<string> ParseProbeTypes(string dump) =>
        dump.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The kernel's probe-able functions from a System.map: text symbols, minus what kprobes refuse by
    /// section (init text, entry and noinstr text, __kprobes text, irqentry/softirqentry), compiler
    /// clones (a '.' in the name), prefix/static-call stubs, and names defined twice.
    /// </summary>
    public static IReadOnlyList<string> KernelFunctionsOf(IEnumerable<string> systemMapLines)
    {
        var rows = new List<(ulong Addr, string Name)>();
        var marks = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in systemMapLines)
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3 || !ulong.TryParse(f[0], System.Globalization.NumberStyles.HexNumber, null, out var a)) continue;
            marks.TryAdd(f[2], a);
            if (f[1] is "t" or "T") rows.Add((a, f[2]));
        }
        var refused = new List<(ulong, ulong)>();
        var sections = new[] { ("_sinittext", "_einittext"), ("__kprobes_text_start", "__kprobes_text_end"),
                     ("__noinstr_text_start", "__noinstr_text_end"), ("__entry_text_start", "__entry_text_end"),
                     ("__irqentry_text_start", "__irqentry_text_end"), ("__softirqentry_text_start", "__softirqentry_text_end") };
        var markers = sections.SelectMany(x => new[] { x.Item1, x.Item2 }).ToHashSet(StringComparer.Ordinal);
        foreach (var (start, end) in sections)
            if (marks.TryGetValue(start, out var s) && marks.TryGetValue(end, out var e)) refused.Add((s, e));
        return rows.Where(r => !refused.Any(x => r.Addr >= x.Item1 && r.Addr < x.Item2))
            .Select(r => r.Name)
            .Where(n => !markers.Contains(n) && !n.Contains('.') && !n.StartsWith("__pfx_", StringComparison.Ordinal) && !n.StartsWith("__SCT__", StringComparison.Ordinal)
                && !n.StartsWith("__x64_sys_ni", StringComparison.Ordinal) && Regex.IsMatch(n, "^[A-Za-z_][A-Za-z0-9_]*$"))
            .GroupBy(n => n).Where(g => g.Count() == 1).Select(g => g.Key)
            .Order(StringComparer.Ordinal).ToList();
    }
}

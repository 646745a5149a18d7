using System.Text.RegularExpressions;

namespace ProbeHarness.Coverage;

/// <summary>
/// The probe machinery's kernel code a suite exercised, function by function. Debian's kernels
/// have no KCOV, GCOV or function profiler, so the guest's ftrace function tracer does it: a
/// tracefs instance of its own (the tests' kprobe_events read the top-level buffer, untouched),
/// filtered to the kprobe, kretprobe/rethook, optprobe, ftrace-ops and uprobe functions, traced
/// while the tests run and drained after each into the set of names seen.
/// </summary>
public static partial class MachineryTrace
{
    public const string Instance = "phcov";

    /// <summary>
    /// What set_ftrace_filter is given, one glob a write: a glob that matches nothing traceable is
    /// refused by the kernel (EINVAL) and left out. Notrace and noinstr code (the int3 entry, the
    /// ftrace trampolines' own callbacks marked notrace) is not in available_filter_functions, so
    /// a glob cannot reach it.
    /// </summary>
    public static readonly IReadOnlyList<string> Globs =
        ["*kprobe*", "*kretprobe*", "*rethook*", "*optprobe*", "optimized_callback", "opt_pre_handler", "*optimize_kprobe*",
         "arch_*kprobe*", "ftrace_ops*", "*ftrace_ops*", "*uprobe*"];

    /// <summary>The coverage family a suite's exercised functions are recorded under.</summary>
    public static string Family(string suite) => $"probe machinery functions exercised by {suite}";

    /// <summary>Whether a coverage family counts functions a suite exercised (rather than points that resolve).</summary>
    public static bool IsExercised(string family) => family.StartsWith("probe machinery functions exercised by ", StringComparison.Ordinal);

    /// <summary>Per-CPU buffer of the instance, KiB; when full, new events are dropped (overwrite off), so each name's first hit is kept.</summary>
    public const int BufferKb = 4096;

    /// <summary>
    /// Makes the instance, filters it and turns the function tracer on. Prints "refused GLOB" per
    /// glob the kernel refused and "filtered N" (functions in the filter). With an empty filter the
    /// tracer would trace every function, so it is then left off.
    /// </summary>
    public static string ArmScript() => $$"""
        T=/sys/kernel/tracing
        [ -d $T/instances ] || mount -t tracefs nodev $T
        # Linux 6.1 keeps one flag for "buffers expanded": sizing the instance's buffer first would leave
        # the top-level buffer, which the tests' kprobe_events read, at its boot size of a few pages
        # (measured: 1700 overruns of 2000 getpid events). Expand it first, as its first use would.
        case "$(cat $T/buffer_size_kb)" in
          *expanded:*) e=$(sed 's/.*expanded: *\([0-9]*\).*/\1/' $T/buffer_size_kb); echo "$e" > $T/buffer_size_kb ;;
        esac
        I=$T/instances/{{Instance}}
        [ -d $I ] || mkdir $I
        echo 0 > $I/tracing_on
        echo nop > $I/current_tracer
        echo 0 > $I/options/overwrite
        echo {{BufferKb}} > $I/buffer_size_kb
        echo > $I/set_ftrace_filter
        for g in {{string.Join(" ", Globs.Select(g => $"'{g}'"))}}; do
          echo "$g" >> $I/set_ftrace_filter 2>/dev/null || echo "refused $g"
        done
        n=$(grep -c -v '^#' $I/set_ftrace_filter)
        echo "filtered $n"
        [ "$n" -gt 0 ] || exit 0
        echo function > $I/current_tracer
        echo > $I/trace
        echo 1 > $I/tracing_on
        """;

    /// <summary>
    /// Prints the events dropped since the last drain ("dropped N", from the per-CPU stats) and the
    /// trace's distinct "FUNCTION &lt;-CALLER" pairs with the task and timestamp cut (few lines where
    /// the buffer holds megabytes), then empties the buffer for the next test.
    /// </summary>
    public static string DrainScript() => $$"""
        I=/sys/kernel/tracing/instances/{{Instance}}
        [ -f $I/trace ] || exit 0
        echo "dropped $(cat $I/per_cpu/cpu*/stats | awk '/^dropped events:/ {n += $3} END {print n + 0}')"
        grep -v '^#' $I/trace | sed -n 's/^.* [0-9][0-9]*\.[0-9][0-9]*: //p' | sort -u
        echo > $I/trace
        """;

    /// <summary>What arming said: the size of the filter and the globs the kernel refused.</summary>
    public sealed record Armed(int Filtered, IReadOnlyList<string> Refused);

    public static Armed ParseArm(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var filtered = lines.Select(l => FilteredLine().Match(l)).FirstOrDefault(m => m.Success)
            ?? throw new FormatException($"unexpected output arming the function tracer: '{string.Join(" | ", lines.Take(3))}'");
        return new Armed(int.Parse(filtered.Groups[1].Value),
            lines.Where(l => l.StartsWith("refused ", StringComparison.Ordinal)).Select(l => l["refused ".Length..]).ToList());
    }

    /// <summary>What a drain gave: the functions traced (callers are not counted: they are outside the filter) and the events dropped.</summary>
    public sealed record Drained(IReadOnlySet<string> Functions, long Dropped);

    /// <summary>
    /// Reads a drain's output or a function tracer's trace as the kernel prints it
    /// ("TASK-PID [CPU] FLAGS TIMESTAMP: FUNCTION &lt;-CALLER"; '#' lines are the header).
    /// </summary>
    public static Drained ParseTrace(string text)
    {
        var functions = new SortedSet<string>(StringComparer.Ordinal);
        long dropped = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (DroppedLine().Match(line) is { Success: true } d) { dropped += long.Parse(d.Groups[1].Value); continue; }
            var event_ = TraceLine().Match(line);
            var function = event_.Success ? event_.Groups[1].Value : BareLine().Match(line) is { Success: true } b ? b.Groups[1].Value : null;
            if (function is not null) functions.Add(function);
        }
        return new Drained(functions, dropped);
    }

    [GeneratedRegex(@"^filtered (\d+)$")]
    private static partial Regex FilteredLine();

    [GeneratedRegex(@"^dropped (\d+)$")]
    private static partial Regex DroppedLine();

    /// <summary>A full trace line: the function follows the timestamp.</summary>
    [GeneratedRegex(@"\s\d+\.\d+:\s+([A-Za-z_][\w.]*)(?:\s+<-|\s*$)")]
    private static partial Regex TraceLine();

    /// <summary>A drained line: "FUNCTION &lt;-CALLER".</summary>
    [GeneratedRegex(@"^([A-Za-z_][\w.]*)(?:\s+<-\S*)?\s*$")]
    private static partial Regex BareLine();
}

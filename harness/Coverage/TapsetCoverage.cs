using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Running;

namespace ProbeHarness.Coverage;

/// <summary>
/// Probe-point coverage of SystemTap against a kernel without debuginfo: of the probe aliases its
/// tapsets define in a family (`nd_syscall.open`, `kprocess.exec`, `scheduler.cpu_on` ...), the
/// ones that resolve for this kernel, its headers tree and real System.map. Read on the host with
/// `stap --dump-probe-aliases` (the candidates) and `stap -l 'FAMILY.**'` (what resolves), through
/// the stap shim that targets the kernel under test; nothing is built or loaded. A family whose
/// points need DWARF resolves few or none here: that share is what users of a stock kernel get.
/// </summary>
public static class TapsetCoverage
{
    /// <summary>The families measured by default: the no-debuginfo syscall family and the common subsystem tapsets.</summary>
    public static readonly IReadOnlyList<string> DefaultFamilies =
        ["nd_syscall", "kprocess", "scheduler", "signal", "vfs", "socket", "tcp", "udp", "netdev", "vm", "tty", "workqueue", Tracepoints];

    /// <summary>
    /// The family of the kernel's own tracepoints: not aliases but `kernel.trace("SYSTEM:NAME")`
    /// points, measured against the tracepoints the kernel has (its System.map's `__tracepoint_NAME`).
    /// </summary>
    public const string Tracepoints = "kernel.trace";

    /// <summary>
    /// 20 min on a quiet host, stretched by its load: the first tracepoint query of a kernel compiles every
    /// trace header into one module (5-17 min on a quiet 2-core machine, over 20 at load 30; stap caches it).
    /// </summary>
    public static TimeSpan Timeout => Processes.HostLoad.Stretch(TimeSpan.FromMinutes(20));

    /// <summary>The coverage family a tapset family is recorded under.</summary>
    public static string FamilyName(string family) =>
        family == Tracepoints ? "systemtap kernel.trace points" : $"systemtap {family} aliases";

    public static async Task<IReadOnlyList<ProbePoints>> MeasureAsync(HarnessCache cache, string archName, string kernelSpec,
        IReadOnlyList<string> families, IRunObserver observer, Action<string> say, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var stage = await KernelStage.GetAsync(cache, arch, KernelSpec.Parse(kernelSpec), new RunOptions().GuestMemoryMb, observer, ct);
        var target = await stage.TargetAsync(await stage.SystemMapAsync(ct), ct);
        var emulated = Accelerator.For(arch) == "tcg";
        await using var engine = await SystemTapEngine.CreateAsync(cache, emulated, stage.Kernel.Distro, ct);
        var toolchain = await engine.ToolchainForAsync(stage.Kernel.Release, ct);
        var work = Path.Combine(Path.GetTempPath(), $"ph-tapset-coverage-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var conformance = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(work, "bin"), target, emulated, ct);
            var dir = conformance.WorkDirectory(work, "tapset-coverage");
            Directory.CreateDirectory(dir);
            var stap = conformance.Commands(Path.Combine(dir, "shim"));
            var dump = await stap.RunAsync(stap.Stap, ["--dump-probe-aliases"], dir, Timeout, ct);
            if (dump.ExitCode != 0 || dump.TimedOut)
                throw new InvalidOperationException($"stap --dump-probe-aliases failed (exit {dump.ExitCode}): {Last(dump.Stderr)}");
            var aliases = AliasNames(dump.Stdout);
            var found = new List<ProbePoints>();
            foreach (var family in families)
            {
                if (family == Tracepoints)
                {
                    var traced = await stap.RunAsync(stap.Stap, ["-l", "kernel.trace(\"*\")"], dir, Timeout, ct);
                    if (traced.TimedOut || traced.ExitCode is not (0 or 1))
                        throw new InvalidOperationException($"stap -l 'kernel.trace(\"*\")' failed (exit {traced.ExitCode}): {Last(traced.Stderr)}");
                    var tracepoints = TracepointsOf(File.ReadLines(target.SystemMap!), traced.Stdout);
                    say($"{tracepoints.Family}: {tracepoints.Resolved.Count} of {tracepoints.Candidates} resolve ({tracepoints.Share:0.0%})");
                    found.Add(tracepoints);
                    continue;
                }
                var listed = await stap.RunAsync(stap.Stap, ["-l", $"{family}.**"], dir, Timeout, ct);
                // stap -l exits 1 when nothing resolves: that is no coverage, not a failure. A timeout or a signal is.
                if (listed.TimedOut || listed.ExitCode is not (0 or 1))
                    throw new InvalidOperationException($"stap -l '{family}.**' failed (exit {listed.ExitCode}): {Last(listed.Stderr)}");
                var points = Of(family, aliases, listed.Stdout);
                say($"{points.Family}: {points.Resolved.Count} of {points.Candidates} resolve ({points.Share:0.0%})");
                found.Add(points);
            }
            return found;
        }
        finally
        {
            try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The alias names `stap --dump-probe-aliases` prints, one definition a line ("NAME = BODY"); internal ones (`_`, `__`) left out.</summary>
    public static IReadOnlyList<string> AliasNames(string dump) =>
        dump.Split('\n').Select(l => l.Split(" = ", 2)[0].Trim())
            .Where(n => n.Length > 0 && !n.StartsWith('_') && !n.Contains(' ') && !n.Contains("._", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The family's coverage: candidates are its aliases; resolved are those `stap -l` listed (it also
    /// lists the points behind an alias, from other families: only the family's own names count).
    /// </summary>
    public static ProbePoints Of(string family, IReadOnlyList<string> aliases, string listed)
    {
        var candidates = aliases.Where(a => a.StartsWith(family + ".", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var resolved = listed.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(candidates.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ProbePoints(FamilyName(family), candidates.Count, resolved, 0, 0, []);
    }

    /// <summary>
    /// Tracepoint coverage: candidates are the kernel's tracepoints (`__tracepoint_NAME` or
    /// `__traceiter_NAME` in its System.map); resolved are those `stap -l 'kernel.trace("*")'` listed, by NAME (the listing
    /// says `kernel.trace("SYSTEM:NAME")`; a module's tracepoints are listed but are no candidate).
    /// </summary>
    public static ProbePoints TracepointsOf(IEnumerable<string> systemMap, string listed)
    {
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in systemMap)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3) continue;
            var symbol = fields[2];
            // __tracepoint_NAME is data, in a map made from kallsyms only with KALLSYMS_ALL (Debian's arm64
            // has none); __traceiter_NAME (5.10 and later) is text, in every map.
            foreach (var prefix in TracepointSymbolPrefixes)
                if (symbol.StartsWith(prefix, StringComparison.Ordinal) && symbol.Length > prefix.Length
                    && !symbol.StartsWith("__tracepoint_ptr_", StringComparison.Ordinal))
                    candidates.Add(symbol[prefix.Length..]);
        }
        var resolved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in listed.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!raw.StartsWith("kernel.trace(\"", StringComparison.Ordinal) || !raw.EndsWith("\")", StringComparison.Ordinal)) continue;
            var point = raw["kernel.trace(\"".Length..^2];
            var name = point[(point.IndexOf(':') + 1)..];
            if (candidates.Contains(name)) resolved.Add(name);
        }
        return new ProbePoints(FamilyName(Tracepoints), candidates.Count, resolved.ToList(), 0, 0, []);
    }

    private static readonly string[] TracepointSymbolPrefixes = ["__tracepoint_", "__traceiter_"];

    private static string Last(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

using ProbeHarness.Caching;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using ProbeHarness.Engines;
using ProbeHarness.Judging;
using ProbeHarness.Processes;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// The host part of SystemTap's examples, run unchanged with the stap shim first on PATH, in
/// parallel: test_support (a missing prerequisite is UNSUPPORTED), test_check (passes 1-4), then
/// test_installcheck's builds, recorded for the guest. What is left for a guest is a prepared
/// probe: the recorded modules, the guest's stap and the same command line.
/// With <paramref name="rememberIn"/>, host commands whose inputs are unchanged answer from an
/// earlier run (<see cref="RememberedResults"/>).
/// </summary>
public sealed class ExamplesRunner(ConformanceTarget target, string workDirectory, int jobs, bool withGuest, string? rememberIn = null)
{
    /// <summary>A host command's limit on a quiet host; a run's own limit is this stretched by the host's load when it starts.</summary>
    public static readonly TimeSpan QuietHostTimeout = TimeSpan.FromMinutes(6);
    private readonly TimeSpan _hostTimeout = Processes.HostLoad.Stretch(QuietHostTimeout);
    public static readonly TimeSpan GuestTimeout = TimeSpan.FromSeconds(90);

    public async Task<IReadOnlyList<ExampleOutcome>> PrepareAsync(string examplesRoot, IReadOnlyList<ExampleMeta> examples,
        Action<ExampleMeta>? finished, CancellationToken ct)
    {
        // A private copy: some command lines write next to the script, and the cache stays read-only.
        var tree = Path.Combine(workDirectory, "examples");
        if (!Directory.Exists(tree)) FileTree.Copy(examplesRoot, tree);
        var check = target.Commands(Path.Combine(workDirectory, "shim"));
        if (rememberIn is not null)
            check = check with { Memory = new RememberedResults(rememberIn, tree, RememberedResults.ContextOf(examplesRoot, target)) };
        // stap generates its per-kernel configuration header (dozens of compile tests) on the first
        // build into a cache; parallel jobs on a cold cache would each generate it at once.
        if (jobs > 1) await (check with { Memory = null }).RunAsync(check.Stap, ["-p4", "-e", "probe begin { exit() }"], tree, _hostTimeout, ct);
        var done = new ConcurrentDictionary<ExampleMeta, ExampleOutcome>();
        await Parallel.ForEachAsync(examples, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct }, async (e, c) =>
        {
            done[e] = await PrepareOneAsync(e, Path.Combine(tree, e.Category), check, c);
            finished?.Invoke(e);
        });
        return examples.Select(e => done[e]).ToList();
    }

    private async Task<ExampleOutcome> PrepareOneAsync(ExampleMeta e, string dir, HostCommand check, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var log = new StringBuilder();
        ExampleOutcome Judged(TestState s, Culprit c, string? why) => new(e, s, c, why, sw.Elapsed, log.ToString(), null);

        // stap's messages name a failing alias, not the probe points behind it: the sources say whether they need DWARF.
        var sources = Sources().With(File.Exists(Path.Combine(dir, e.Name)) ? await File.ReadAllTextAsync(Path.Combine(dir, e.Name), ct) : "");
        if (e.Support is { } support)
        {
            var r = await Logged(log, check.ShellAsync(support, dir, _hostTimeout, ct));
            if (!r.Ok && SupportShouldHavePassed(support, r, sources) is { } why)
                return Judged(TestState.Fail, Culprit.Harness, $"test_support failed: {Short(support)}: {why}");
            if (!r.Ok) return Judged(TestState.Unsupported, Culprit.None, $"test_support failed: {Short(support)}: {WhySupportFailed(support, r)}");
        }
        if (e.Check is null) return Judged(TestState.Untested, Culprit.None, "the .meta has no test_check");
        var checkRun = await Logged(log, check.ShellAsync(e.Check, dir, _hostTimeout, ct));
        var d = Diagnose(checkRun, sources);
        if (d.Kind != StapVerdictKind.Accepted) return FromDiagnosis(Judged, d, "test_check");
        if (e.InstallCheck is null) return Judged(TestState.Pass, Culprit.None, null);
        if (!withGuest) return Judged(TestState.Pass, Culprit.None, null);

        var record = Path.Combine(workDirectory, "modules", e.TestName.Replace('/', '_'));
        if (Directory.Exists(record)) Directory.Delete(record, true);
        Directory.CreateDirectory(record);
        var builder = target.Commands(Path.Combine(workDirectory, "shim"), record);
        var build = await Logged(log, builder.ShellAsync(e.InstallCheck, dir, _hostTimeout, ct));
        var bd = Diagnose(build, sources);
        if (bd.Kind != StapVerdictKind.Accepted) return FromDiagnosis(Judged, bd, "test_installcheck's build");
        var calls = Count(record, "count");
        // An installcheck that only builds (interactive games are checked to pass 4) has nothing to load: it passed as written.
        if (calls == 0 && Count(record, "host") > 0) return Judged(TestState.Pass, Culprit.None, null);
        if (calls == 0) return Judged(TestState.Untested, Culprit.None, "test_installcheck loads no module through stap");
        return new ExampleOutcome(e, null, Culprit.None, null, sw.Elapsed, log.ToString(), GuestProbe(e, record, dir, sw.Elapsed));
    }

    /// <summary>The guest side: the recorded modules, the guest's stap first on PATH, the same command line.</summary>
    private static PreparedProbe GuestProbe(ExampleMeta e, string record, string dir, TimeSpan took)
    {
        var files = new List<GuestFile>();
        foreach (var f in Directory.GetFiles(record).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(f);
            if (name is "count" or "host") continue;
            files.Add(new GuestFile($"/tmp/ph/mods/{name}", f));
        }
        var shim = Path.Combine(record, "..", "guest-stap");
        StapShim.WriteExecutable(shim, StapShim.GuestText.Replace("\r", "") + "\n");
        files.Add(new GuestFile("/tmp/ph/shim/stap", Path.GetFullPath(shim)));
        var script = $"""
            chmod +x /tmp/ph/shim/stap
            rm -f /tmp/ph/mods/next
            mkdir -p /tmp/ph/ex/{e.Category} && cd /tmp/ph/ex/{e.Category}
            PATH=/tmp/ph/shim:$PATH; export PATH
            {e.InstallCheck}
            """;
        return new PreparedProbe(true, null, null, "", files, script, took);
    }

    /// <summary>Judges a guest step of an example: exit 0 passes; a command the guest lacks is UNTESTED.</summary>
    public static (TestState State, Culprit Culprit, string? Reason) JudgeGuest(Outcome outcome) => outcome switch
    {
        Outcome.Ran { Exit: 0 } => (TestState.Pass, Culprit.None, null),
        Outcome.Ran r when r.Exit == 127 || r.Diagnostics.Contains(": not found") =>
            (TestState.Untested, Culprit.None, $"needs a workload the guest lacks: {MissingCommand(r.Diagnostics)}"),
        Outcome.Ran r => (TestState.Fail, Culprit.ProbeEngine, $"test_installcheck exited {r.Exit}: {Short(Last(r.Diagnostics))}"),
        Outcome.Crashed c => (TestState.Fail, c.Crash.Culprit, $"guest crashed: {c.Crash.Title}"),
        Outcome.MachineFailed m => (m.Culprit is Culprit.Infrastructure or Culprit.Harness ? TestState.Unresolved : TestState.Fail,
            m.Culprit, $"{m.Title}: {Short(m.Detail)}"),
        Outcome.NotRunnable n => (TestState.Unsupported, Culprit.None, n.Reason),
        Outcome.BuildFailed b => (TestState.Fail, Culprit.ProbeEngine, b.Reason),
        _ => (TestState.Unresolved, Culprit.Harness, "unknown outcome"),
    };

    private static ExampleOutcome FromDiagnosis(Func<TestState, Culprit, string?, ExampleOutcome> judged, StapDiagnosis d, string stage) => d.Kind switch
    {
        StapVerdictKind.Unsupported => judged(TestState.Unsupported, Culprit.None, $"{stage}: {d.Reason}"),
        _ => judged(TestState.Fail, StapDiagnoses.CulpritOf(d.Kind), $"{stage}: {d.Reason}"),
    };

    /// <summary>The translator's tapsets: the installed stap's, or (a container's, not on the host) the host's as the nearest.</summary>
    private ProbeSources Sources() => target.Stap.WorkRoot is null ? ProbeSources.ForStap(target.Stap.Path) : ProbeSources.Host;

    private static int Count(string record, string file) =>
        File.Exists(Path.Combine(record, file)) ? int.Parse(File.ReadAllText(Path.Combine(record, file)).Trim()) : 0;

    private StapDiagnosis Diagnose(ToolResult r, ProbeSources sources)
    {
        var d = StapDiagnoses.Of(r.ExitCode, r.Stderr, r.TimedOut, _hostTimeout, sources, KernelHas);
        // A host tool the command line needs (not stap) is a missing prerequisite, not a stap failure.
        if (d.Kind == StapVerdictKind.Rejected && (r.ExitCode == 127 || r.Stderr.Contains(": not found")) && StapOutput(r) is false)
            return d with { Kind = StapVerdictKind.Unsupported, Reason = $"needs a host tool: {MissingCommand(r.Stderr)}" };
        return d;
    }

    private static bool StapOutput(ToolResult r) => r.Stderr.Contains("Pass ") || r.Stderr.Contains("error:");

    private static async Task<ToolResult> Logged(StringBuilder log, Task<ToolResult> run)
    {
        var r = await run;
        lock (log) log.Append($"$ {r.Command}\n(exit {r.ExitCode}{(r.TimedOut ? ", timed out" : "")}, {r.Duration.TotalSeconds:0.0} s)\n{r.Stdout}{r.Stderr}\n");
        return r;
    }

    private readonly Lazy<HashSet<string>?> _kernelNames = new(() =>
        target.Probe.SystemMap is { } map && File.Exists(map) ? SupportExplanation.NamesOf(map) : null);

    private Func<string, bool>? KernelHas => _kernelNames.Value is { } names ? names.Contains : null;

    /// <summary>
    /// A failed test_support that is no missing prerequisite: what it lists needs no debuginfo and the
    /// kernel has it (<see cref="SupportExpectation"/>), or stap's own message names a failed point
    /// that needs none (a tracepoint the kernel has, a kprobe, an nd_syscall alias). Null otherwise.
    /// </summary>
    private string? SupportShouldHavePassed(string support, ToolResult r, ProbeSources sources)
    {
        if (r.TimedOut) return null;
        var expected = SupportExpectation.Of(support, _kernelNames.Value, sources);
        if (expected.Passes is true)
            return $"{string.Join(", ", expected.Points)} need{(expected.Points.Count == 1 ? "s" : "")} no debuginfo and the kernel has " +
                $"{(expected.Points.Count == 1 ? "it" : "them")} (its System.map), yet stap found nothing ({Why(r)}): the build tree or the translator is at fault";
        var d = StapDiagnoses.Of(r.ExitCode, r.Stderr, r.TimedOut, _hostTimeout, sources, KernelHas);
        return d.Kind == StapVerdictKind.Rejected && StapDiagnoses.FailedPoint(r.Stderr) is { } p && sources.NeedsNoDebuginfo(p) ? d.Reason : null;
    }

    /// <summary>stap's error when it gave one; when `stap -l` listed nothing and said nothing, what the kernel's System.map says.</summary>
    private string WhySupportFailed(string support, ToolResult r)
    {
        var quiet = !r.TimedOut && r.Stdout.Trim().Length == 0 && !r.Stderr.Contains("error:", StringComparison.Ordinal);
        var names = quiet ? _kernelNames.Value : null;
        return quiet && SupportExplanation.Explain(support, names is null ? null : names.Contains) is { } why
            ? $"exit {r.ExitCode}, nothing listed: {why}" : Why(r);
    }

    private static string Why(ToolResult r) =>
        r.TimedOut ? "timed out" : $"exit {r.ExitCode}{(r.Stderr.Trim().Length > 0 ? $": {Short(Telling(r.Stderr))}" : "")}";

    /// <summary>The line that says why: stap's first error, else the last line (stap ends with a generic tip).</summary>
    private static string Telling(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal)) 
            ?? lines.LastOrDefault(l => !l.StartsWith('(') && !l.StartsWith("Tip:", StringComparison.Ordinal)) ?? "nothing listed, no error message";
    }

    private static string MissingCommand(string stderr) =>
        stderr.Split('\n').FirstOrDefault(l => l.Contains("not found"))?.Trim() ?? "a command";

    private static string Last(string s) =>
        s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static string Short(string s) => s.Length > 160 ? s[..160] + "…" : s;

}

using System.Text.RegularExpressions;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>What a stap run (or a test's command around it) amounted to.</summary>
public enum StapVerdictKind { Accepted, Rejected, Unsupported, Crashed, Hung }

/// <summary>A host-side stap run read back: accepted, rejected (at which pass, why), or a prerequisite missing.</summary>
public sealed record StapDiagnosis(StapVerdictKind Kind, int? Pass, string Reason);

/// <summary>
/// Reads a finished stap run. A missing prerequisite (debuginfo, a user-space binary, a tracepoint
/// this kernel lacks) is not a failure of the translator: it is UNSUPPORTED with the reason. Debuginfo
/// is the reason only where the point that failed needs DWARF: a failed tracepoint, kprobe or timer
/// point is a rejection unless the kernel's System.map shows the kernel lacks it. A
/// signal, an internal error or a hang is a translator failure whatever the test expected. A rejection
/// that is a finding about the kernel (a function it lacks) stays a rejection, with a reason saying so.
/// </summary>
public static class StapDiagnoses
{
    /// <summary>Missing prerequisites, as data: a pattern of stap's stderr and the reason users read.</summary>
    public static readonly IReadOnlyList<(Regex Pattern, string Reason)> Prerequisites =
    [
        (new(@"missing \S+ kernel/module debuginfo|kernel/module debuginfo|No DWARF information found \[man warning::debuginfo\]|debuginfo.*\bkernel\b", RegexOptions.IgnoreCase), "needs kernel debuginfo"),
        (new(@"Missing separate debuginfo|missing .*debuginfo|no debuginfo|debuginfo", RegexOptions.IgnoreCase), "needs debuginfo"),
        (new(@"(process|library)\(""[^""]*""\)|\bprocess\b.*(No such file|not found|no match)|cannot find executable|Couldn't find .*executable", RegexOptions.IgnoreCase), "needs a user-space binary and its symbols"),
        (new(@"kernel\.trace\(""[^""]*""\).*no match|while resolving probe point: identifier 'kernel' .*trace", RegexOptions.IgnoreCase), "needs a tracepoint this kernel lacks"),
        (new(@"pass 5 \(loading the module\) never runs on the host"), "needs a guest (pass 5)"),
        // Without DWARF, kernel.function/module().function probe points (and the tapsets built on
        // them) and @cast types cannot be resolved at all: nothing can be said of the translator.
        (new(@"while resolving probe point: identifier '(kernel|module)' at", RegexOptions.IgnoreCase), "needs kernel debuginfo (kernel.function/module probe points)"),
        (new(@"type definition '[^']*' not found in '(kernel|[a-z0-9_]+)'", RegexOptions.IgnoreCase), "needs kernel debuginfo (@cast types)"),
    ];

    /// <summary>
    /// Rejections that are findings about the kernel under test (or its packaging), not translator
    /// bugs: they stay failures, with a reason that says what the kernel lacks.
    /// </summary>
    public static readonly IReadOnlyList<(Regex Pattern, Func<Match, string, string> Reason)> Findings =
    [
        (new(@"identifier 'kprobe' at [^\n]*\n(?:[^\n]*\n){0,3}?[^\n]*semantic error: no match"),
            (_, stderr) => $"the kernel lacks the probed function{(FailedPoint(stderr) is { } p ? $" {p}" : "")} (no such symbol in its System.map)"),
        // stap compiles kernel<HEADER> with gcc -include HEADER from the build tree's root. Debian splits
        // the headers: /lib/modules/RELEASE/build is the flavour's tree (generated headers, .config),
        // the kernel's include/ is in linux-headers-*-common, so a relative HEADER is not found there.
        (new(@"<command-line>: fatal error: (?<h>[^/:\s][^:\s]*): No such file or directory(?s:.*)not found in 'kernel<"),
            (m, _) => $"the header {m.Groups["h"].Value} is not in the kernel build tree: stap -include's kernel<{m.Groups["h"].Value}> " +
                "relative to the build tree, and Debian's split headers keep the kernel's include/ in linux-headers-*-common, not in the " +
                "flavour's tree /lib/modules/RELEASE/build points at (a Debian host with the headers installed fails the same way)"),
    ];

    private static readonly Regex TranslatorCrash =
        new(@"internal error|Segmentation fault|core dumped|terminate called|Aborted|assertion .* failed", RegexOptions.IgnoreCase);

    // stap's own last word on a failure; a wrapper script (kmalloc-top's Perl) may still exit 0.
    private static readonly Regex StapFailed = new(@"^Pass [1-5]: .*\bfailed\b", RegexOptions.Multiline);

    private static readonly Regex NoMatch = new(@"semantic error: no match\b");

    /// <param name="sources">The tapsets (and the script) the run used, to tell what a failed probe point
    /// stands for; null reads the host's installed tapsets.</param>
    /// <param name="kernelHas">Whether the kernel's System.map has a name (null: no map), to tell a
    /// tracepoint the kernel lacks from one the translator failed to find.</param>
    public static StapDiagnosis Of(int exitCode, string stderr, bool timedOut, TimeSpan timeout, ProbeSources? sources = null,
        Func<string, bool>? kernelHas = null)
    {
        if (timedOut) return new(StapVerdictKind.Hung, null, $"did not finish within {timeout.TotalSeconds:0} s");
        if (exitCode is >= 129 and <= 159 || TranslatorCrash.IsMatch(stderr))
            return new(StapVerdictKind.Crashed, StapOutput.FailedPass(stderr),
                $"translator crashed (exit {exitCode}): {Gist(stderr)}");
        if (exitCode == 0 && !StapFailed.IsMatch(stderr)) return new(StapVerdictKind.Accepted, null, "");
        var pass = StapOutput.FailedPass(stderr);
        var reason = StapOutput.Reason(stderr);
        var said = $"{(pass is { } p ? $"pass {p}: " : "")}{reason.Replace('\n', ' ')} (exit {exitCode}{(exitCode == 0 ? ", stap itself failed" : "")})";
        // A point that needs no debuginfo failed: whatever else stap said ("missing debuginfo" is its
        // refrain), the kernel either lacks it or the build tree or translator is at fault.
        if (FailedPoint(stderr) is { } failed && (sources ?? ProbeSources.Host).NeedsNoDebuginfo(failed))
            return WithoutDebuginfo(failed, pass, reason, said, stderr, kernelHas);
        foreach (var (pattern, why) in Prerequisites)
            if (pattern.IsMatch(stderr)) return new(StapVerdictKind.Unsupported, pass, $"{why}: {FirstLine(reason)}");
        if (DwarfOnly(stderr, sources) is { } dwarf) return new(StapVerdictKind.Unsupported, pass, $"needs kernel debuginfo ({dwarf}): {FirstLine(reason)}");
        return Rejection(pass, said, stderr);
    }

    private static StapDiagnosis Rejection(int? pass, string said, string stderr)
    {
        foreach (var (pattern, finding) in Findings)
            if (pattern.Match(stderr) is { Success: true } m) return new(StapVerdictKind.Rejected, pass, $"{finding(m, stderr)}: {said}");
        return new(StapVerdictKind.Rejected, pass, said);
    }

    private static readonly Regex TracePoint = new(@"^kernel\.trace\(""(?:[^"":]*:)?(?<name>[^""]*)""\)");

    /// <summary>
    /// A failed tracepoint, kprobe, timer or begin/end point (or an alias of those only): UNSUPPORTED
    /// only when the kernel's System.map shows it lacks the tracepoint; otherwise a rejection whose
    /// reason says that no debuginfo was needed, so a broken build tree cannot pass for a missing prerequisite.
    /// </summary>
    private static StapDiagnosis WithoutDebuginfo(string failed, int? pass, string reason, string said, string stderr,
        Func<string, bool>? kernelHas)
    {
        if (TracePoint.Match(failed) is { Success: true } t && SupportExplanation.HasTracepoint(kernelHas, t.Groups["name"].Value) is false)
            return new(StapVerdictKind.Unsupported, pass,
                $"needs a tracepoint this kernel lacks ({t.Groups["name"].Value} is not in its System.map): {FirstLine(reason)}");
        var has = TracePoint.Match(failed) is { Success: true } h && SupportExplanation.HasTracepoint(kernelHas, h.Groups["name"].Value) is true
            ? $", and the kernel has the tracepoint {h.Groups["name"].Value} (its System.map says so)" : "";
        // A finding (a kprobe on a function the kernel lacks) already says why.
        foreach (var (pattern, finding) in Findings)
            if (pattern.Match(stderr) is { Success: true } m) return new(StapVerdictKind.Rejected, pass, $"{finding(m, stderr)}: {said}");
        return new(StapVerdictKind.Rejected, pass, $"{failed} needs no debuginfo{has}: {said}");
    }

    /// <summary>
    /// Points stap reports without naming debuginfo: a tapset alias whose optional kernel.function
    /// points all vanished ("no match"), or a script whose probes all did ("no probes found").
    /// </summary>
    private static string? DwarfOnly(string stderr, ProbeSources? sources)
    {
        if (NoMatch.IsMatch(stderr) && FailedPoint(stderr) is { } point && (sources ?? ProbeSources.Host).NeedsKernelDwarf(point))
            return $"{point} stands for kernel.function/module probe points only";
        if (stderr.Contains("semantic error: no probes found", StringComparison.Ordinal) && sources is { AllProbedNeedKernelDwarf: true })
            return "every probe point of the script is an optional kernel.function/module point";
        return null;
    }

    private static readonly Regex Resolving = new(@"while resolving probe point: identifier '(?<id>[^']+)' at [^\n]*\n(?<src>[^\n]*source: [^\n]*)\n(?<caret>[ \t]*\^)");

    /// <summary>The probe point stap could not resolve first, as written (from the source line and its caret).</summary>
    public static string? FailedPoint(string stderr)
    {
        var m = Resolving.Match(stderr);
        if (!m.Success) return null;
        var src = m.Groups["src"].Value;
        var id = m.Groups["id"].Value;
        var at = m.Groups["caret"].Value.Length - 1;
        if (at >= src.Length || string.CompareOrdinal(src, at, id, 0, id.Length) != 0)
        {
            var content = src.IndexOf("source: ", StringComparison.Ordinal) + "source: ".Length;
            at = src.IndexOf(id, content, StringComparison.Ordinal);
            if (at < 0) return null;
        }
        var end = at;
        var (parens, quoted) = (0, false);
        for (; end < src.Length; end++)
        {
            var c = src[end];
            if (quoted) { if (c == '\\') end++; else if (c == '"') quoted = false; continue; }
            if (c == '"') { quoted = true; continue; }
            if (c == '(') parens++;
            else if (c == ')') parens--;
            else if (parens == 0 && (char.IsWhiteSpace(c) || c is ',' or '{' or '=' or '?' or '!' or ';')) break;
        }
        return src[at..end];
    }

    public static Culprit CulpritOf(StapVerdictKind k) =>
        k is StapVerdictKind.Crashed or StapVerdictKind.Hung or StapVerdictKind.Rejected ? Culprit.ProbeEngine : Culprit.None;

    private static string FirstLine(string s) => s.Split('\n')[0];

    private static string Gist(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2);
        return string.Join(" | ", lines);
    }
}

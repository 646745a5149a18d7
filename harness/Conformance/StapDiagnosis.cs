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
/// this kernel lacks) is not a failure of the translator: it is UNSUPPORTED with the reason. A
/// signal, an internal error or a hang is a translator failure whatever the test expected.
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

    private static readonly Regex TranslatorCrash =
        new(@"internal error|Segmentation fault|core dumped|terminate called|Aborted|assertion .* failed", RegexOptions.IgnoreCase);

    public static StapDiagnosis Of(int exitCode, string stderr, bool timedOut, TimeSpan timeout)
    {
        if (timedOut) return new(StapVerdictKind.Hung, null, $"did not finish within {timeout.TotalSeconds:0} s");
        if (exitCode is >= 129 and <= 159 || TranslatorCrash.IsMatch(stderr))
            return new(StapVerdictKind.Crashed, StapOutput.FailedPass(stderr),
                $"translator crashed (exit {exitCode}): {Gist(stderr)}");
        if (exitCode == 0) return new(StapVerdictKind.Accepted, null, "");
        var pass = StapOutput.FailedPass(stderr);
        var reason = StapOutput.Reason(stderr);
        foreach (var (pattern, why) in Prerequisites)
            if (pattern.IsMatch(stderr)) return new(StapVerdictKind.Unsupported, pass, $"{why}: {FirstLine(reason)}");
        return new(StapVerdictKind.Rejected, pass, $"{(pass is { } p ? $"pass {p}: " : "")}{reason.Replace('\n', ' ')} (exit {exitCode})");
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

using System.Text.RegularExpressions;

namespace ProbeHarness.Conformance;

/// <summary>
/// What a test_support line should give on this kernel, before its result is read: each
/// `stap -l 'POINTS'` (or -L) in it is judged from the point's family and the kernel's System.map,
/// and the line's `&amp;&amp;`, `||` and parentheses combine them (three-valued: anything else on the
/// line, or a point the map cannot settle, is unknown). A line expected to pass that failed is no
/// missing prerequisite: tracepoints, kprobes and nd_syscall points need no debuginfo, so the
/// build tree or the translator is at fault.
/// </summary>
public static partial class SupportExpectation
{
    /// <summary>Expected to pass (with the points that say so), expected to fail, or unknown.</summary>
    public sealed record Verdict(bool? Passes, IReadOnlyList<string> Points);

    [GeneratedRegex(@"\bstap\s+-[lL]\s+'(?<points>[^']*)'|&&|\|\||[()]|[^\s()&|]+")]
    private static partial Regex Token();

    [GeneratedRegex("""^kernel\.trace\("(?<name>[^"]*)"\)$""")]
    private static partial Regex Trace();

    [GeneratedRegex("""^kprobe\.function\("(?<name>[^"]*)"\)(\.return)?$""")]
    private static partial Regex Kprobe();

    /// <param name="kernelNames">The names in the kernel's System.map (null: no map).</param>
    public static Verdict Of(string supportLine, IReadOnlySet<string>? kernelNames, ProbeSources sources)
    {
        var tokens = Token().Matches(supportLine).ToList();
        var at = 0;
        var r = Sequence(tokens, ref at, kernelNames, sources);
        return at == tokens.Count ? r : new(null, []);
    }

    // sh gives && and || equal precedence, left to right.
    private static Verdict Sequence(List<Match> ts, ref int at, IReadOnlySet<string>? names, ProbeSources sources)
    {
        var left = Operand(ts, ref at, names, sources);
        while (at < ts.Count && ts[at].Value is "&&" or "||")
        {
            var and = ts[at++].Value == "&&";
            var right = Operand(ts, ref at, names, sources);
            left = and ? And(left, right) : Or(left, right);
        }
        return left;
    }

    private static Verdict Operand(List<Match> ts, ref int at, IReadOnlySet<string>? names, ProbeSources sources)
    {
        if (at >= ts.Count) return new(null, []);
        if (ts[at].Value == "(")
        {
            at++;
            var inner = Sequence(ts, ref at, names, sources);
            if (at < ts.Count && ts[at].Value == ")") at++;
            return inner;
        }
        var unknown = false;
        Verdict? listed = null;
        // One command: everything up to the next operator.
        for (; at < ts.Count && ts[at].Value is not ("&&" or "||" or "(" or ")"); at++)
            if (ts[at].Groups["points"].Success && listed is null) listed = Listing(ts[at].Groups["points"].Value, names, sources);
            else unknown = true;
        return unknown || listed is null ? new(null, []) : listed;
    }

    /// <summary>`stap -l 'A!, B?'` lists what matches any of its points.</summary>
    private static Verdict Listing(string points, IReadOnlySet<string>? names, ProbeSources sources)
    {
        var verdict = new Verdict(false, []);
        foreach (var point in points.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            verdict = Or(verdict, Point(point.TrimEnd('!', '?'), names, sources));
        return verdict;
    }

    /// <summary>A single point: true only where no debuginfo is needed and the kernel has it.</summary>
    public static Verdict Point(string point, IReadOnlySet<string>? names, ProbeSources sources)
    {
        Func<string, bool>? has = names is null ? null : names.Contains;
        if (Trace().Match(point) is { Success: true } t)
            return new(SupportExplanation.HasTracepoint(has, t.Groups["name"].Value.Split(':')[^1]), [point]);
        if (Kprobe().Match(point) is { Success: true } k)
        {
            var name = k.Groups["name"].Value;
            return new(has is null || name.IndexOfAny(['*', '?', '[']) >= 0 ? null : has(name), [point]);
        }
        if (sources.NeedsKernelDwarf(point) || point.StartsWith("process", StringComparison.Ordinal)) return new(false, [point]);
        // Aliases (nd_syscall.*, vfs.*): whether the kernel has what they stand on is not one name in
        // its map; their failures are read from stap's own message instead.
        return new(null, [point]);
    }

    private static Verdict And(Verdict a, Verdict b) => (a.Passes, b.Passes) switch
    {
        (false, _) => a,
        (_, false) => b,
        (true, true) => new(true, [.. a.Points, .. b.Points]),
        _ => new(null, []),
    };

    private static Verdict Or(Verdict a, Verdict b) => (a.Passes, b.Passes) switch
    {
        (true, _) => a,
        (_, true) => b,
        (false, false) => new(false, [.. a.Points, .. b.Points]),
        _ => new(null, []),
    };
}

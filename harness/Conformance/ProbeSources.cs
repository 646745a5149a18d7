using System.Collections.Concurrent;
using System.Text;

namespace ProbeHarness.Conformance;

/// <summary>
/// The probe points written in a script and in the tapsets it can use: the aliases they define and
/// whether a point can only resolve through DWARF. stap's own message for a failed alias is a bare
/// "no match" (its optional kernel.function points vanish silently without debuginfo), and a script
/// whose probes are all optional DWARF points ends in "no probes found": what the points are is the
/// only way to tell a kernel without debuginfo from a translator failure.
/// </summary>
public sealed class ProbeSources
{
    private readonly Dictionary<string, List<IReadOnlyList<Point>>> _aliases;
    private readonly List<Point> _probed;

    /// <summary>The probe points of the heads that are not alias definitions (what the script itself probes).</summary>
    public IReadOnlyList<string> Probed { get; }

    private ProbeSources(Dictionary<string, List<IReadOnlyList<Point>>> aliases, List<Point> probed)
    {
        _aliases = aliases;
        Probed = probed.Select(p => p.Text).ToList();
        _probed = probed;
    }

    /// <summary>Reads stap source texts; unreadable syntax is skipped, never fatal.</summary>
    public static ProbeSources Parse(IEnumerable<string> texts)
    {
        var aliases = new Dictionary<string, List<IReadOnlyList<Point>>>(StringComparer.Ordinal);
        var probed = new List<Point>();
        foreach (var text in texts)
            foreach (var (names, points) in Heads(Tokens(text)))
            {
                if (names is null) { probed.AddRange(points); continue; }
                foreach (var n in names)
                {
                    if (!aliases.TryGetValue(n.Key, out var defs)) aliases[n.Key] = defs = [];
                    defs.Add(points);
                }
            }
        return new(aliases, probed);
    }

    /// <summary>The tapsets of the stap at <paramref name="stapPath"/> (PREFIX/bin/stap → PREFIX/share/systemtap/tapset) plus a script.</summary>
    public static ProbeSources ForStap(string stapPath, string? scriptFile = null)
    {
        var prefix = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(stapPath)))!;
        var tapsets = TapsetCache.GetOrAdd(Path.Combine(prefix, "share", "systemtap", "tapset"), d => new(() => Parse(TapsetTexts(d)))).Value;
        // The tapsets' own probes (begin, init) are not what a script probes.
        return tapsets.With(scriptFile is not null && File.Exists(scriptFile) ? File.ReadAllText(scriptFile) : "");
    }

    private static readonly Lazy<ProbeSources> HostTapsets = new(() => ForStap("/usr/bin/stap"));

    /// <summary>The host's installed tapsets (/usr/share/systemtap/tapset), read once.</summary>
    public static ProbeSources Host => HostTapsets.Value;

    // A stap's tapsets are read once per process: every example of a run asks about the same ones.
    private static readonly ConcurrentDictionary<string, Lazy<ProbeSources>> TapsetCache = new();

    private static IEnumerable<string> TapsetTexts(string dir) => Directory.Exists(dir)
        ? Directory.EnumerateFiles(dir, "*.stp*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText)
        : [];

    /// <summary>These sources plus a script's text (its own aliases and probes).</summary>
    public ProbeSources With(string scriptText)
    {
        var more = Parse([scriptText]);
        var aliases = _aliases.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
        foreach (var (k, v) in more._aliases)
            if (aliases.TryGetValue(k, out var defs)) defs.AddRange(v); else aliases[k] = [.. v];
        return new(aliases, more._probed);
    }

    /// <summary>
    /// True when <paramref name="point"/> (as written: "scheduler.cpu_on", "nfsd.proc.*",
    /// {kernel,module("ext4")}.function("f").return) can only resolve through kernel DWARF: a
    /// kernel/module .function or .statement point, or an alias all of whose points are.
    /// </summary>
    public bool NeedsKernelDwarf(string point)
    {
        var heads = Heads(Tokens($"probe {point} {{}}")).ToList();
        return heads.Count == 1 && heads[0].Points.Count > 0 && heads[0].Points.All(p => NeedsKernelDwarf(p, []));
    }

    /// <summary>
    /// True when <paramref name="point"/> needs no debuginfo at all: a tracepoint (kernel.trace, whose
    /// arguments come from the kernel's headers), a kprobe on a symbol, a timer, begin/end, or an
    /// alias all of whose points are such (nd_syscall.*, tp_syscall.*). A failure there is never
    /// "needs debuginfo".
    /// </summary>
    public bool NeedsNoDebuginfo(string point)
    {
        var heads = Heads(Tokens($"probe {point} {{}}")).ToList();
        return heads.Count == 1 && heads[0].Points.Count > 0 && heads[0].Points.All(p => NeedsNoDebuginfo(p, []));
    }

    /// <summary>The probe families that stand without DWARF, by their first components.</summary>
    private static bool NoDebuginfoFamily(IReadOnlyList<Component> c) => c[0] switch
    {
        { Name: "kernel", Arg: null } => c.Count >= 2 && c[1].Name == "trace",
        { Name: "kprobe" or "timer" or "perf" or "procfs", Arg: null } => c.Count >= 2,
        { Name: "begin" or "end" or "never" or "error" } => c.Count == 1,
        _ => false,
    };

    private bool NeedsNoDebuginfo(Point p, HashSet<string> expanding)
    {
        var c = p.Components;
        if (NoDebuginfoFamily(c)) return true;
        if (c[0].Name is "kernel" or "module" or "process") return false;
        var matched = Matches(c).ToList();
        if (matched.Count == 0) return false;
        foreach (var key in matched)
        {
            if (!expanding.Add(key)) return false;
            var ok = _aliases[key].All(def => def.Count > 0 && def.All(q => NeedsNoDebuginfo(q, expanding)));
            expanding.Remove(key);
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>True when the script probes something and every point it probes needs kernel DWARF.</summary>
    public bool AllProbedNeedKernelDwarf => _probed.Count > 0 && _probed.All(p => NeedsKernelDwarf(p, []));

    private bool NeedsKernelDwarf(Point p, HashSet<string> expanding)
    {
        var c = p.Components;
        if (c.Count >= 2 && c[0].Name == "kernel" && c[0].Arg is null && c[1].Name is "function" or "statement") return true;
        if (c.Count >= 2 && c[0].Name == "module" && c[0].Arg is not null && c[1].Name is "function" or "statement") return true;
        var matched = Matches(c).ToList();
        if (matched.Count == 0) return false;
        foreach (var key in matched)
        {
            if (!expanding.Add(key)) return false;
            var ok = _aliases[key].All(def => def.Count > 0 && def.All(q => NeedsKernelDwarf(q, expanding)));
            expanding.Remove(key);
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>The aliases a use names: the longest alias names matching its leading components (stap's "*" matches one component).</summary>
    private IEnumerable<string> Matches(IReadOnlyList<Component> use)
    {
        for (var n = use.Count; n >= 1; n--)
        {
            var found = _aliases.Keys.Where(k => Fits(k.Split('.'), use, n)).ToList();
            if (found.Count > 0) return found;
        }
        return [];
    }

    private static bool Fits(string[] alias, IReadOnlyList<Component> use, int n)
    {
        if (alias.Length != n) return false;
        for (var i = 0; i < n; i++)
            if (use[i].Arg is not null || !Glob(use[i].Name, alias[i])) return false;
        return true;
    }

    private static bool Glob(string pattern, string name)
    {
        if (!pattern.Contains('*')) return pattern == name;
        var rx = "^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(name, rx);
    }

    // ---- reading stap source: tokens, probe heads, points ----

    private sealed record Component(string Name, string? Arg);

    private sealed record Point(IReadOnlyList<Component> Components)
    {
        public string Text => string.Join(".", Components.Select(c => c.Arg is null ? c.Name : $"{c.Name}({c.Arg})"));
        public string Key => Text;
    }

    private enum Kind { Ident, String, Number, Punct }

    private readonly record struct Token(Kind Kind, string Text);

    /// <summary>stap's lexical level, enough for probe heads: comments, embedded C and preprocessor conditions dropped.</summary>
    private static List<Token> Tokens(string s)
    {
        var t = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var ch = s[i];
            if (char.IsWhiteSpace(ch)) { i++; continue; }
            if (ch == '#' || (ch == '/' && At(s, i + 1) == '/')) { while (i < s.Length && s[i] != '\n') i++; continue; }
            if (ch == '/' && At(s, i + 1) == '*') { var e = s.IndexOf("*/", i + 2, StringComparison.Ordinal); i = e < 0 ? s.Length : e + 2; continue; }
            if (ch == '%' && At(s, i + 1) == '{') { var e = s.IndexOf("%}", i + 2, StringComparison.Ordinal); i = e < 0 ? s.Length : e + 2; continue; }
            if (ch == '%' && At(s, i + 1) is '(' or '?' or ':' or ')') { t.Add(new(Kind.Punct, s.Substring(i, 2))); i += 2; continue; }
            if (ch == '"')
            {
                var sb = new StringBuilder("\"");
                i++;
                while (i < s.Length && s[i] != '"') { if (s[i] == '\\' && i + 1 < s.Length) sb.Append(s[i++]); sb.Append(s[i++]); }
                i++;
                t.Add(new(Kind.String, sb.Append('"').ToString()));
                continue;
            }
            if (char.IsLetter(ch) || ch is '_' or '$' or '@')
            {
                var b = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$' or '@' or '*')) i++;
                t.Add(new(Kind.Ident, s[b..i]));
                continue;
            }
            if (char.IsDigit(ch))
            {
                var b = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_')) i++;
                t.Add(new(Kind.Number, s[b..i]));
                continue;
            }
            if (ch == '+' && At(s, i + 1) == '=') { t.Add(new(Kind.Punct, "+=")); i += 2; continue; }
            if (ch == '*') { var b = i; while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '*')) i++; t.Add(new(Kind.Ident, s[b..i])); continue; }
            t.Add(new(Kind.Punct, ch.ToString()));
            i++;
        }
        // A preprocessor condition (between "%(" and "%?") is no probe text. Both branches are kept,
        // as alternatives: in a probe head "%:" separates them like a comma (the union of both kernels' points).
        var kept = new List<Token>();
        for (var k = 0; k < t.Count; k++)
        {
            // A macro, "@define NAME(ARGS) %( BODY %)", holds no probe and no condition.
            if (t[k].Kind == Kind.Ident && t[k].Text == "@define")
            {
                while (k < t.Count && t[k].Text != "%(") k++;
                for (var nest = 0; k < t.Count; k++)
                    if (t[k].Text == "%(") nest++;
                    else if (t[k].Text == "%)" && --nest == 0) break;
                continue;
            }
            if (t[k].Text == "%(") { while (k < t.Count && t[k].Text != "%?") k++; continue; }
            if (t[k].Text == "%:") { kept.Add(new(Kind.Punct, ",")); continue; }
            if (t[k].Text == "%)") continue;
            kept.Add(t[k]);
        }
        return kept;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>
    /// Every top-level `probe HEAD {`: alias names (null when it is no alias definition) and its points,
    /// brace-expanded, without the "?", "!" and "if (…)" that only qualify them.
    /// </summary>
    private static IEnumerable<(IReadOnlyList<Point>? Names, IReadOnlyList<Point> Points)> Heads(List<Token> t)
    {
        var depth = 0;
        for (var i = 0; i < t.Count; i++)
        {
            var tok = t[i];
            if (tok.Kind == Kind.Punct && tok.Text == "{") { depth++; continue; }
            if (tok.Kind == Kind.Punct && tok.Text == "}") { depth = Math.Max(0, depth - 1); continue; }
            if (depth != 0 || tok.Kind != Kind.Ident || tok.Text != "probe") continue;
            var head = new List<Token>();
            var parens = 0;
            var j = i + 1;
            for (; j < t.Count; j++)
            {
                var x = t[j];
                if (x.Text == "(") parens++;
                if (x.Text == ")") parens--;
                if (x.Kind == Kind.Punct && x.Text == "{" && parens == 0 && head.Count > 0 && EndsAPoint(head[^1])) break;
                head.Add(x);
            }
            i = j - 1; // the body's "{" is counted by the loop
            var split = head.FindIndex(x => x.Kind == Kind.Punct && x.Text is "=" or "+=");
            if (split >= 0 && !TopLevel(head, split)) split = -1;
            var points = PointsOf(split >= 0 ? head[(split + 1)..] : head);
            yield return (split >= 0 ? PointsOf(head[..split]) : null, points);
        }
    }

    private static bool EndsAPoint(Token last) =>
        last.Kind is Kind.Ident or Kind.Number or Kind.String || last.Text is ")" or "?" or "!" or "}";

    private static bool TopLevel(List<Token> ts, int index)
    {
        int parens = 0, braces = 0;
        for (var k = 0; k < index; k++)
        {
            if (ts[k].Text == "(") parens++; else if (ts[k].Text == ")") parens--;
            else if (ts[k].Text == "{") braces++; else if (ts[k].Text == "}") braces--;
        }
        return parens == 0 && braces == 0;
    }

    private static List<Point> PointsOf(List<Token> ts)
    {
        var points = new List<Point>();
        foreach (var part in SplitTop(ts, ","))
        {
            var p = part;
            var cond = p.FindIndex(x => x.Kind == Kind.Ident && x.Text == "if");
            if (cond >= 0) p = p[..cond];
            while (p.Count > 0 && p[^1].Text is "?" or "!") p = p[..^1];
            foreach (var expanded in Expand(p))
                if (Components(expanded) is { Count: > 0 } c) points.Add(new(c));
        }
        return points;
    }

    /// <summary>Splits on a punctuation at paren and brace depth 0.</summary>
    private static List<List<Token>> SplitTop(List<Token> ts, string sep)
    {
        var parts = new List<List<Token>> { new() };
        int parens = 0, braces = 0;
        foreach (var x in ts)
        {
            if (x.Text == "(") parens++; else if (x.Text == ")") parens--;
            else if (x.Text == "{") braces++; else if (x.Text == "}") braces--;
            if (x.Kind == Kind.Punct && x.Text == sep && parens == 0 && braces == 0) { parts.Add([]); continue; }
            parts[^1].Add(x);
        }
        return parts.Where(p => p.Count > 0).ToList();
    }

    /// <summary>stap's brace expansion: a{b,c}.d is a.b.d and a.c.d (here on tokens, first group first).</summary>
    private static IEnumerable<List<Token>> Expand(List<Token> ts)
    {
        var open = -1;
        var parens = 0;
        for (var k = 0; k < ts.Count && open < 0; k++)
        {
            if (ts[k].Text == "(") parens++; else if (ts[k].Text == ")") parens--;
            else if (ts[k].Text == "{" && parens == 0) open = k;
        }
        if (open < 0) { yield return ts; yield break; }
        var depth = 0;
        var close = -1;
        for (var k = open; k < ts.Count; k++)
        {
            if (ts[k].Text == "{") depth++;
            else if (ts[k].Text == "}" && --depth == 0) { close = k; break; }
        }
        if (close < 0) yield break;
        foreach (var alt in SplitTop(ts[(open + 1)..close], ","))
            foreach (var e in Expand([.. ts[..open], .. alt, .. ts[(close + 1)..]]))
                yield return e;
    }

    /// <summary>Dotted components with their argument text: kernel . function ( "f" ) . return.</summary>
    private static List<Component> Components(List<Token> ts)
    {
        var result = new List<Component>();
        var k = 0;
        while (k < ts.Count)
        {
            if (ts[k].Text == ".") { k++; continue; }
            var name = ts[k].Text;
            k++;
            string? arg = null;
            if (k < ts.Count && ts[k].Text == "(")
            {
                var depth = 0;
                var sb = new StringBuilder();
                for (; k < ts.Count; k++)
                {
                    if (ts[k].Text == "(" && depth++ == 0) continue;
                    if (ts[k].Text == ")" && --depth == 0) { k++; break; }
                    sb.Append(ts[k].Text);
                }
                arg = sb.ToString();
            }
            result.Add(new(name, arg));
        }
        return result;
    }
}

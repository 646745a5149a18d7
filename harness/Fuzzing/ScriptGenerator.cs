using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace ProbeHarness.Fuzzing;

/// <summary>
/// FsCheck generators of well-formed, well-typed SystemTap scripts over a <see cref="FuzzVocabulary"/>.
/// Types are decided before text: locals are named by type (n0.. long, t0.. string) and assigned first in
/// their body, globals are typed when declared and each is written in the first `begin` probe, user
/// functions only call earlier ones (or themselves, guarded by a decreasing first argument), and a
/// foreach never writes the array it walks. Whatever stap then refuses in passes 1-2 is the fuzzer's
/// bug to fix, or the engine's.
/// </summary>
public sealed class ScriptGenerator(FuzzVocabulary vocabulary, bool guru = false)
{
    private const char L = 'l', S = 's';

    private sealed record ArrayInfo(string Name, IReadOnlyList<char> Keys, char Value, bool Stat);
    private sealed record Fn(string Name, char Type, IReadOnlyList<char> Params, bool Recursive);

    private sealed record Scope(
        IReadOnlyList<string> LongGlobals, IReadOnlyList<string> StringGlobals, IReadOnlyList<string> Stats,
        IReadOnlyList<ArrayInfo> Arrays, IReadOnlyList<Fn> Functions, int Longs, int Strings,
        ImmutableHashSet<string> ReadOnly, ImmutableHashSet<string> Frozen, bool InLoop, Fn? InFunction, string Kind)
    {
        public IEnumerable<string> LongLocals => Enumerable.Range(0, Longs).Select(i => $"n{i}");
        public IEnumerable<string> StringLocals => Enumerable.Range(0, Strings).Select(i => $"t{i}");
    }

    /// <summary>Whole scripts, shrinking by <see cref="ScriptReducer"/>.</summary>
    public Arbitrary<StapScript> Arbitrary => Arb.From(Script, s => ScriptReducer.Candidates(s));

    public Gen<StapScript> Script =>
        from nl in Gen.Choose(0, 2)
        from ns in Gen.Choose(0, 2)
        from nst in Gen.Choose(0, 2)
        from arrays in ListOf(ArrayShape, Gen.Choose(0, 3)).Select(a => a.ToList())
        from fnShapes in ListOf(FnShape, Gen.Choose(0, 3)).Select(a => a.ToList())
        from longInits in ListOf(SmallNum, nl).Select(a => a.ToList())
        from strInits in ListOf(Literal, ns).Select(a => a.ToList())
        let arrs = arrays.Select((a, i) => a with { Name = (a.Stat ? "sa" : "a") + i }).ToList()
        let fns = fnShapes.Select((f, i) => f with { Name = "f" + i }).ToList()
        let top = new Scope(
            Enumerable.Range(0, nl).Select(i => $"g{i}").ToList(), Enumerable.Range(0, ns).Select(i => $"gs{i}").ToList(),
            Enumerable.Range(0, nst).Select(i => $"st{i}").ToList(), arrs, fns, 0, 0, [], [], false, null, "begin")
        from functions in Sequence(fns.Select((f, i) => Function(top with { Functions = fns.Take(i).ToList() }, f)))
        from init in Init(top)
        from probes in ListOf(Probe(top), Gen.Choose(1, 3))
        from embedded in guru ? Gen.Frequency((3, Gen.Constant<StapDecl?>(null)), (1, EmbeddedTopGen)) : Gen.Constant<StapDecl?>(null)
        select new StapScript(
            new List<StapDecl>()
                .Concat(embedded is null ? [] : [embedded!])
                .Concat(top.LongGlobals.Select((g, i) => new Global(g, longInits[i])))
                .Concat(top.StringGlobals.Select((g, i) => new Global(g, strInits[i])))
                .Concat(top.Stats.Select(g => new Global(g, null)))
                .Concat(arrs.Select(a => new Global(a.Name, null)))
                .Concat(functions)
                .Append(init)
                .Concat(probes)
                .ToList());

    private static Gen<List<T>> ListOf<T>(Gen<T> gen, Gen<int> count) => count.SelectMany(n => gen.ListOf(n).Select(l => l.ToList()));

    private static Gen<List<T>> ListOf<T>(Gen<T> gen, int count) => gen.ListOf(count).Select(l => l.ToList());

    private static Gen<List<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Constant(new List<T>()), (acc, g) => from l in acc from x in g select new List<T>(l) { x });

    private static Gen<char> Type => Gen.Elements(L, L, S);
    private static Gen<StapExpr> SmallNum => Gen.Choose(0, 100).Select(n => (StapExpr)new Num(n));

    private static Gen<ArrayInfo> ArrayShape =>
        from keys in ListOf(Type, Gen.Choose(1, 3))
        from value in Type
        from stat in Gen.Elements(false, false, true)
        select new ArrayInfo("", keys.ToList(), stat ? L : value, stat);

    private static Gen<Fn> FnShape =>
        from type in Type
        from ps in ListOf(Type, Gen.Choose(0, 3))
        from rec in Gen.Elements(false, true)
        select new Fn("", type, ps.ToList(), rec && ps.FirstOrDefault() == L);

    /// <summary>The first probe: `begin`, writing every global once so each has its type.</summary>
    private Gen<StapDecl> Init(Scope top)
    {
        var stmts = new List<Gen<StapStmt>>();
        var sc = top with { Longs = 1, Strings = 1 };
        foreach (var g in top.LongGlobals) stmts.Add(LongExpr(sc, 1).Select(e => (StapStmt)new Assign(new Var(g), "+=", e)));
        foreach (var g in top.StringGlobals) stmts.Add(StrExpr(sc, 1).Select(e => (StapStmt)new Assign(new Var(g), ".=", e)));
        foreach (var g in top.Stats) stmts.Add(LongExpr(sc, 1).Select(e => (StapStmt)new Assign(new Var(g), "<<<", e)));
        foreach (var a in top.Arrays)
            stmts.Add(from keys in Keys(sc, a, 0)
                      from v in Expr(sc, a.Value, 1)
                      select (StapStmt)new Assign(new Index(a.Name, keys), a.Stat ? "<<<" : "=", v));
        return from prelude in Prelude(sc)
               from body in Sequence(stmts)
               select (StapDecl)new Probe([new ProbePoint("begin")], new Block([.. prelude, .. body]));
    }

    /// <summary>Locals first written here, so their types are known wherever they are read.</summary>
    private Gen<List<StapStmt>> Prelude(Scope sc, int firstLong = 0, int firstString = 0) =>
        Sequence(Enumerable.Range(firstLong, Math.Max(0, sc.Longs - firstLong)).Select(i => SmallNum.Select(e => (StapStmt)new Assign(new Var($"n{i}"), "=", e)))
            .Concat(Enumerable.Range(firstString, Math.Max(0, sc.Strings - firstString)).Select(i => Literal.Select(e => (StapStmt)new Assign(new Var($"t{i}"), "=", e)))));

    private Gen<StapDecl> Function(Scope top, Fn f)
    {
        var longs = f.Params.Count(p => p == L);
        var strings = f.Params.Count(p => p == S);
        var ps = new List<Param>();
        int li = 0, si = 0;
        foreach (var p in f.Params) ps.Add(p == L ? new Param($"n{li++}", "long") : new Param($"t{si++}", "string"));
        if (guru && f.Params.All(p => p == L))
        {
            var plain = from body in Gen.Frequency((1, Gen.Constant<string?>(null)), (1, EmbeddedFunctionBody(top, f, ps)))
                        select body;
            return plain.SelectMany(b => b is null ? ScriptFunction(top, f, ps, longs, strings) : Gen.Constant((StapDecl)new Function(f.Name, TypeName(f.Type), ps, null, b)));
        }
        return ScriptFunction(top, f, ps, longs, strings);
    }

    private Gen<StapDecl> ScriptFunction(Scope top, Fn f, List<Param> ps, int longs, int strings)
    {
        var sc = top with
        {
            Longs = longs + 2, Strings = strings + 1, InFunction = f, Kind = "function",
            ReadOnly = ps.Select(p => p.Name).ToImmutableHashSet(),
        };
        var result = f.Type == L ? $"n{longs}" : $"t{strings}";
        return from prelude in Prelude(sc, longs, strings)
               from body in Stmts(sc, 2)
               from ret in Expr(sc with { Functions = top.Functions }, f.Type, 2)
               let recurse = f.Recursive
                   ? new StapStmt[] { new If(new Binary(">", new Var("n0"), new Num(0)), new Block([new Assign(new Var(result), "=",
                       new Call(f.Name, ps.Select((p, i) => i == 0 ? (StapExpr)new Binary("-", new Var("n0"), new Num(1)) : new Var(p.Name)).ToList()))]), null) }
                   : []
               select (StapDecl)new Function(f.Name, TypeName(f.Type), ps, new Block([.. prelude, .. recurse, .. body, new Return(ret)]));
    }

    private static string TypeName(char t) => t == L ? "long" : "string";

    private Gen<StapDecl> Probe(Scope top) =>
        from kind in Gen.Frequency(
            (3, Gen.Constant("begin")), (2, Gen.Constant("end")), (2, Gen.Constant("timer")),
            (3, Gen.Constant("kprobe")), (2, Gen.Constant("kretprobe")), (3, Gen.Constant("syscall")), (2, Gen.Constant("syscallret")))
        from points in ListOf(Point(kind), Gen.Choose(1, 2))
        let sc = top with { Longs = 4, Strings = 3, Kind = kind }
        from prelude in Prelude(sc)
        from body in Stmts(sc, 3)
        select (StapDecl)new Probe(points.DistinctBy(p => p.Text).ToList(), new Block([.. prelude, .. body]));

    private Gen<ProbePoint> Point(string kind)
    {
        var kfuncs = vocabulary.KernelFunctions.Count > 0 ? vocabulary.KernelFunctions : FuzzVocabulary.Builtin.KernelFunctions;
        var known = FuzzVocabulary.KnownSyscalls.Where(s => vocabulary.Aliases.Contains($"nd_syscall.{s}")).ToList();
        if (known.Count == 0) known = ["read"];
        var other = vocabulary.Aliases.Where(a => a.StartsWith("nd_syscall.", StringComparison.Ordinal) && !a.EndsWith(".return", StringComparison.Ordinal)).ToList();
        return kind switch
        {
            "begin" => Gen.Elements(new ProbePoint("begin"), new ProbePoint("begin(-1)"), new ProbePoint("begin(10)")),
            "end" => Gen.Elements(new ProbePoint("end"), new ProbePoint("end(5)")),
            "timer" => from which in Gen.Elements("ms", "s", "jiffies", "profile")
                       from n in Gen.Choose(1, 500)
                       select new ProbePoint(which == "profile" ? "timer.profile" : $"timer.{which}({n})"),
            "kprobe" => Gen.Elements(kfuncs.ToArray()).Select(f => new ProbePoint($"kprobe.function(\"{f}\")", true)),
            "kretprobe" => Gen.Elements(kfuncs.ToArray()).Select(f => new ProbePoint($"kprobe.function(\"{f}\").return", true)),
            "syscall" or "syscallret" =>
                from family in Gen.Elements("nd_syscall", "syscall")
                from fromDump in other.Count > 0 ? Gen.Elements(false, false, false, true) : Gen.Constant(false)
                from name in fromDump ? Gen.Elements(other.ToArray()).Select(a => a["nd_syscall.".Length..]) : Gen.Elements(known.ToArray())
                select new ProbePoint($"{family}.{name}{(kind == "syscallret" ? ".return" : "")}", fromDump),
            _ => Gen.Elements(vocabulary.Tracepoints.ToArray()).Select(t => new ProbePoint($"kernel.trace(\"{t}\")", true)),
        };
    }

    private Gen<List<StapStmt>> Stmts(Scope sc, int depth) => ListOf(Stmt(sc, depth), Gen.Choose(1, depth + 2)).Select(l => l.ToList());

    private Gen<Block> BlockOf(Scope sc, int depth) => Defer(() => Stmts(sc, depth).Select(l => new Block(l)));

    /// <summary>A generator built only when drawn from: the tree of choices is built along the path taken, not whole.</summary>
    private static Gen<T> Defer<T>(Func<Gen<T>> make) => Gen.Constant(0).SelectMany(_ => make());

    private Gen<StapStmt> Stmt(Scope sc, int depth)
    {
        var options = new List<(int, Gen<StapStmt>)>
        {
            (4, Assignment(sc)),
            (3, Printing(sc)),
        };
        var writable = sc.Arrays.Where(a => !sc.Frozen.Contains(a.Name) && sc.InFunction is null).ToList();
        if (writable.Count > 0)
            options.Add((3, from a in Gen.Elements(writable.ToArray())
                            from keys in Keys(sc, a, 1)
                            from op in a.Stat ? Gen.Constant("<<<") : a.Value == L ? Gen.Elements("=", "+=", "-=") : Gen.Elements("=", ".=")
                            from v in Expr(sc, a.Value, 2)
                            select (StapStmt)new Assign(new Index(a.Name, keys), op, v)));
        if (writable.Count > 0)
            options.Add((1, from a in Gen.Elements(writable.ToArray())
                            from whole in Gen.Elements(true, false)
                            from keys in Keys(sc, a, 1)
                            select (StapStmt)new Delete(whole ? new Var(a.Name) : new Index(a.Name, keys))));
        if (sc.Stats.Count > 0 && sc.InFunction is null)
            options.Add((2, from s in Gen.Elements(sc.Stats.ToArray())
                            from v in LongExpr(sc, 2)
                            select (StapStmt)new Assign(new Var(s), "<<<", v)));
        if (sc.Functions.Count > 0)
            options.Add((1, CallUser(sc, null, 1).Select(c => (StapStmt)new ExprStmt(c))));
        if (sc.InLoop) options.Add((1, Gen.Elements("break", "continue").Select(k => (StapStmt)new Jump(k))));
        if (sc.InFunction is null && sc.Kind != "function") options.Add((1, Gen.Constant((StapStmt)new Jump("next"))));
        if (guru) options.Add((1, EmbeddedStmtGen(sc)));
        if (depth > 0)
        {
            options.Add((2, from c in LongExpr(sc, 2)
                            from t in BlockOf(sc, depth - 1)
                            from e in Gen.Elements(true, false)
                            from eb in BlockOf(sc, depth - 1)
                            select (StapStmt)new If(c, t, e ? eb : null)));
            var counters = sc.LongLocals.Where(n => !sc.ReadOnly.Contains(n)).ToArray();
            if (counters.Length > 0)
            {
                options.Add((1, from i in Gen.Elements(counters)
                                from bound in Gen.Choose(1, 10)
                                from body in BlockOf(sc with { InLoop = true }, depth - 1)
                                select (StapStmt)new For(new Assign(new Var(i), "=", new Num(0)), new Binary("<", new Var(i), new Num(bound)),
                                    new Assign(new Var(i), "+=", new Num(1)), body)));
                options.Add((1, from i in Gen.Elements(counters)
                                from bound in Gen.Choose(1, 10)
                                from body in BlockOf(sc with { InLoop = true }, depth - 1)
                                select (StapStmt)new While(new Binary("<", new Var(i), new Num(bound)),
                                    new Block([new Assign(new Var(i), "+=", new Num(1)), .. body.Body]))));
            }
            if (sc.Arrays.Any(a => KeyVars(sc, a) is not null)) options.Add((2, ForeachGen(sc, depth)));
            options.Add((1, from body in BlockOf(sc, depth - 1)
                            from named in Gen.Elements(true, false)
                            from handler in BlockOf(sc, depth - 1)
                            select (StapStmt)new Try(body, named && sc.Strings > 0 ? "t0" : null, handler)));
        }
        return Gen.Frequency(options.ToArray());
    }

    private Gen<StapStmt> Assignment(Scope sc)
    {
        var longs = sc.LongLocals.Concat(sc.InFunction is null ? sc.LongGlobals : []).Where(n => !sc.ReadOnly.Contains(n)).ToArray();
        var strings = sc.StringLocals.Concat(sc.InFunction is null ? sc.StringGlobals : []).Where(n => !sc.ReadOnly.Contains(n)).ToArray();
        var options = new List<(int, Gen<StapStmt>)>();
        if (longs.Length > 0)
            options.Add((3, from n in Gen.Elements(longs)
                            from op in Gen.Elements("=", "=", "+=", "-=", "*=", "/=", "%=")
                            from v in LongExpr(sc, 3)
                            select (StapStmt)new Assign(new Var(n), op, v)));
        if (strings.Length > 0)
            options.Add((2, from n in Gen.Elements(strings)
                            from op in Gen.Elements("=", ".=")
                            from v in StrExpr(sc, 3)
                            select (StapStmt)new Assign(new Var(n), op, v)));
        if (options.Count == 0) return Printing(sc);
        return Gen.Frequency(options.ToArray());
    }

    private Gen<StapStmt> Printing(Scope sc)
    {
        var options = new List<(int, Gen<StapStmt>)>
        {
            (3, PrintfGen(sc)),
            (2, from e in Gen.Elements(L, S).SelectMany(t => Expr(sc, t, 2))
                from fn in Gen.Elements("println", "print")
                select (StapStmt)new ExprStmt(new Call(fn, [e]))),
            (1, from a in LongExpr(sc, 1)
                from b in StrExpr(sc, 1)
                select (StapStmt)new ExprStmt(new Call("printdln", [new Str(","), a, b]))),
        };
        var stats = StatRefs(sc, 1);
        if (stats.Count > 0)
            options.Add((2, from s in Gen.OneOf(stats)
                            from which in Gen.Elements("@hist_log", "@hist_linear")
                            select (StapStmt)new ExprStmt(new Call("print", [new StatOf(which, s,
                                which == "@hist_linear" ? [new Num(0), new Num(1000), new Num(100)] : [])]))));
        return Gen.Frequency(options.ToArray());
    }

    private Gen<StapStmt> PrintfGen(Scope sc) =>
        from specs in ListOf(Gen.Elements("%d", "%5d", "%-3d", "%x", "%X", "%o", "%u", "%s", "%10s", "%-5s", "%.3s", "%p", "%%", "%c"), Gen.Choose(0, 4))
        from words in ListOf(Gen.Elements("a", "x=", " ", "val:", "-"), specs.Count + 1)
        let format = string.Concat(words.Zip(specs.Append(""), (w, s) => w + s)) + "\n"
        from args in Sequence(specs.Where(s => s != "%%").Select(s => Expr(sc, s.EndsWith('s') ? S : L, 2)))
        select (StapStmt)new ExprStmt(new Call("printf", [new Str(format), .. args]));

    private Gen<StapStmt> ForeachGen(Scope sc, int depth) =>
        from a in Gen.Elements(sc.Arrays.Where(a => KeyVars(sc, a) is not null).ToArray())
        let keyVars = KeyVars(sc, a)
        from withValue in a.Stat ? Gen.Constant(false) : Gen.Elements(true, false)
        let valueVar = withValue ? Writable(sc, a.Value).FirstOrDefault() : null
        from sort in Gen.Choose(a.Stat || valueVar is null ? -1 : 0, a.Keys.Count).Select(s => a.Stat && s == 0 ? -1 : s)
        from dir in Gen.Elements('+', '-')
        from limited in Gen.Elements(false, true)
        from limit in Gen.Choose(1, 10)
        from body in BlockOf(sc with { InLoop = true, Frozen = sc.Frozen.Add(a.Name) }, depth - 1)
        select (StapStmt)new Foreach(valueVar, keyVars!, a.Name, sort, dir, limited ? new Num(limit) : null, body);

    /// <summary>One writable local per key, distinct, of the key's type; null when the body has too few.</summary>
    private static List<string>? KeyVars(Scope sc, ArrayInfo a)
    {
        var longs = new Queue<string>(Writable(sc, L));
        var strings = new Queue<string>(Writable(sc, S));
        var vars = new List<string>();
        foreach (var k in a.Keys)
        {
            var q = k == L ? longs : strings;
            if (q.Count == 0) return null;
            vars.Add(q.Dequeue());
        }
        return vars;
    }

    private static IEnumerable<string> Writable(Scope sc, char t) =>
        (t == L ? sc.LongLocals : sc.StringLocals).Where(n => !sc.ReadOnly.Contains(n)).Reverse();

    private Gen<List<StapExpr>> Keys(Scope sc, ArrayInfo a, int depth) => Sequence(a.Keys.Select(k => Expr(sc, k, depth)));

    private List<Gen<StapExpr>> StatRefs(Scope sc, int depth)
    {
        var refs = sc.Stats.Select(s => Gen.Constant((StapExpr)new Var(s))).ToList();
        foreach (var a in sc.Arrays.Where(a => a.Stat))
            refs.Add(Keys(sc, a, Math.Max(0, depth - 1)).Select(k => (StapExpr)new Index(a.Name, k)));
        return refs;
    }

    private Gen<StapExpr> Expr(Scope sc, char t, int depth) => t == L ? LongExpr(sc, depth) : StrExpr(sc, depth);

    private Gen<StapExpr> Leaf(Scope sc, char t)
    {
        var vars = t == L ? sc.LongLocals.Concat(sc.InFunction is null ? sc.LongGlobals : []) : sc.StringLocals.Concat(sc.InFunction is null ? sc.StringGlobals : []);
        var names = vars.Select(v => (StapExpr)new Var(v)).ToArray();
        var lit = t == L ? Gen.Frequency((4, SmallNum), (1, Gen.Elements(-1L, 4096L, 0x7fffffffffffffffL, -9223372036854775807L, 65536L).Select(n => (StapExpr)new Num(n)))) : Literal;
        return names.Length == 0 ? lit : Gen.Frequency((2, lit), (3, Gen.Elements(names)));
    }

    private static Gen<StapExpr> Literal =>
        Gen.Elements("", "x", "hello", "a,b", "%d", "tab\there", "line\n", "\\", "\"q\"", "0x1f", "123", new string('z', 70)).Select(s => (StapExpr)new Str(s));

    private Gen<StapExpr> LongExpr(Scope sc, int depth) => depth <= 0 ? Leaf(sc, L) : Defer(() => LongExprNow(sc, depth));

    private Gen<StapExpr> LongExprNow(Scope sc, int depth)
    {
        if (depth <= 0) return Leaf(sc, L);
        var d = depth - 1;
        var options = new List<(int, Gen<StapExpr>)>
        {
            (4, Leaf(sc, L)),
            (3, from op in Gen.Elements("+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^")
                from l in LongExpr(sc, d) from r in LongExpr(sc, d)
                select (StapExpr)new Binary(op, l, r)),
            (2, from op in Gen.Elements("<", ">", "<=", ">=", "==", "!=", "&&", "||")
                from l in LongExpr(sc, d) from r in LongExpr(sc, d)
                select (StapExpr)new Binary(op, l, r)),
            (1, from op in Gen.Elements("==", "!=", "<", ">")
                from l in StrExpr(sc, d) from r in StrExpr(sc, d)
                select (StapExpr)new Binary(op, l, r)),
            (1, from op in Gen.Elements("-", "!", "~") from e in LongExpr(sc, d) select (StapExpr)new Unary(op, e)),
            (1, from c in LongExpr(sc, d) from a in LongExpr(sc, d) from b in LongExpr(sc, d) select (StapExpr)new Ternary(c, a, b)),
            (2, TapsetCall(sc, L, d)),
        };
        var readable = sc.InFunction is null ? sc.Arrays : [];
        if (readable.Any(a => !a.Stat))
        {
            var plain = readable.Where(a => !a.Stat).ToArray();
            options.Add((1, from a in Gen.Elements(plain) from k in Keys(sc, a, d) select (StapExpr)new Exists(k, a.Name)));
            var longValued = plain.Where(a => a.Value == L).ToArray();
            if (longValued.Length > 0)
                options.Add((2, from a in Gen.Elements(longValued) from k in Keys(sc, a, d) select (StapExpr)new Index(a.Name, k)));
        }
        var stats = sc.InFunction is null ? StatRefs(sc, d) : [];
        if (stats.Count > 0)
            options.Add((2, from s in Gen.OneOf(stats)
                            from op in Gen.Elements("@count", "@sum", "@min", "@max", "@avg")
                            select (StapExpr)new StatOf(op, s, [])));
        if (sc.Functions.Any(f => f.Type == L)) options.Add((1, CallUser(sc, L, d)));
        if (sc.Kind is "kretprobe" or "syscallret")
            options.Add((1, from e in Gen.Elements("pid()", "tid()", "cpu()", "gettimeofday_ns()")
                            select (StapExpr)new Entry(new Call(e[..^2], []))));
        if (guru) options.Add((1, Gen.Elements("1", "/* pure */ 42", "/* unprivileged */ (long)sizeof(long)").Select(c => (StapExpr)new EmbeddedExpr(c))));
        return Gen.Frequency(options.ToArray());
    }

    private Gen<StapExpr> StrExpr(Scope sc, int depth) => depth <= 0 ? Leaf(sc, S) : Defer(() => StrExprNow(sc, depth));

    private Gen<StapExpr> StrExprNow(Scope sc, int depth)
    {
        if (depth <= 0) return Leaf(sc, S);
        var d = depth - 1;
        var options = new List<(int, Gen<StapExpr>)>
        {
            (4, Leaf(sc, S)),
            (2, from l in StrExpr(sc, d) from r in StrExpr(sc, d) select (StapExpr)new Binary(".", l, r)),
            (1, from c in LongExpr(sc, d) from a in StrExpr(sc, d) from b in StrExpr(sc, d) select (StapExpr)new Ternary(c, a, b)),
            (1, from fmt in Gen.Elements("%d", "%x:%s", "<%5s>") from l in LongExpr(sc, d) from s in StrExpr(sc, d)
                select (StapExpr)new Call("sprintf", fmt == "%d" ? [new Str(fmt), l] : fmt == "%x:%s" ? [new Str(fmt), l, s] : [new Str(fmt), s])),
            (2, TapsetCall(sc, S, d)),
        };
        var strValued = (sc.InFunction is null ? sc.Arrays : []).Where(a => !a.Stat && a.Value == S).ToArray();
        if (strValued.Length > 0)
            options.Add((2, from a in Gen.Elements(strValued) from k in Keys(sc, a, d) select (StapExpr)new Index(a.Name, k)));
        if (sc.Functions.Any(f => f.Type == S)) options.Add((1, CallUser(sc, S, d)));
        if (sc.Kind is "kprobe" or "kretprobe" or "syscall" or "syscallret")
            options.Add((1, Gen.Elements("probefunc", "ppfunc").Select(f => (StapExpr)new Call(f, []))));
        return Gen.Frequency(options.ToArray());
    }

    /// <summary>A tapset function of the vocabulary returning <paramref name="t"/>; mostly the common ones, sometimes any the engine lists.</summary>
    private Gen<StapExpr> TapsetCall(Scope sc, char t, int depth)
    {
        var type = TypeName(t);
        var common = FuzzVocabulary.Builtin.Functions.Where(f => f.Type == type && vocabulary.Functions.Any(v => v.Name == f.Name)).ToArray();
        if (common.Length == 0) common = FuzzVocabulary.Builtin.Functions.Where(f => f.Type == type).ToArray();
        var any = vocabulary.Functions.Where(f => f.Type == type && !FuzzVocabulary.ContextFunctions.Contains(f.Name)).ToArray();
        var pick = any.Length == 0 ? Gen.Elements(common) : Gen.Frequency((4, Gen.Elements(common)), (1, Gen.Elements(any)));
        return from f in pick
               from args in Sequence(f.Params.Select(p => Expr(sc, p == "long" ? L : S, Math.Min(depth, 1))))
               select (StapExpr)new Call(f.Name, args);
    }

    private Gen<StapExpr> CallUser(Scope sc, char? t, int depth)
    {
        var fns = sc.Functions.Where(f => t is null || f.Type == t).ToArray();
        return from f in Gen.Elements(fns)
               from args in Sequence(f.Params.Select((p, i) => f.Recursive && i == 0 ? Gen.Choose(0, 6).Select(n => (StapExpr)new Num(n)) : Expr(sc, p, Math.Max(0, depth - 1))))
               select (StapExpr)new Call(f.Name, args);
    }

    // Embedded C (guru mode only): the pragmas and markers stap's translator reads inside embedded code.
    private static readonly string[] Pragmas =
        ["/* pure */", "/* unprivileged */", "/* myproc-unprivileged */", "/* stable */", "/* pragma:vma */", "/* pragma:unwind */",
         "/* pragma:symbols */", "/* pragma:lines */", "/* unmodified-fnargs */", "/* guru */"];

    private Gen<string> PragmaSet(Scope sc) =>
        from ps in ListOf(Gen.Elements(Pragmas), Gen.Choose(0, 3))
        from rw in sc.LongGlobals.Count + sc.StringGlobals.Count > 0
            ? ListOf(from g in Gen.Elements(sc.LongGlobals.Concat(sc.StringGlobals).ToArray()) from k in Gen.Elements("read", "write") select $"/* pragma:{k}:{g} */", Gen.Choose(0, 2))
            : Gen.Constant(new List<string>())
        select string.Join(' ', ps.Concat(rw));

    private Gen<string?> EmbeddedFunctionBody(Scope sc, Fn f, List<Param> ps) =>
        from pragmas in PragmaSet(sc)
        let arg = ps.Count > 0 ? $"STAP_ARG_{ps[0].Name}" : "0"
        select (string?)(f.Type == L ? $"{pragmas} STAP_RETURN({arg} + 1);" : $"{pragmas} strlcpy(STAP_RETVALUE, \"e\", MAXSTRINGLEN);").Trim();

    private Gen<StapStmt> EmbeddedStmtGen(Scope sc) => PragmaSet(sc).Select(p => (StapStmt)new EmbeddedStmt($"{p} (void) 0;".Trim()));

    private static Gen<StapDecl?> EmbeddedTopGen =>
        Gen.Elements("#include <linux/sched.h>", "/* pragma:vma */ #include <linux/mm.h>", "static int ph_fuzz_counter;")
            .Select(c => (StapDecl?)new EmbeddedTop(c));
}

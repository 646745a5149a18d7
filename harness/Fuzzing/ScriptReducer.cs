namespace ProbeHarness.Fuzzing;

/// <summary>
/// Smaller scripts than a given one, biggest cuts first: a declaration gone, a statement gone, a
/// block replaced by one of its statements, an expression replaced by a literal or one of its own
/// parts. FsCheck shrinks generated scripts with it and <see cref="Minimizer"/> walks it; a
/// candidate need not be well-typed, the check that keeps it decides.
/// </summary>
public static class ScriptReducer
{
    public static IEnumerable<StapScript> Candidates(StapScript s)
    {
        for (var i = 0; i < s.Decls.Count; i++)
            yield return new StapScript(s.Decls.Where((_, j) => j != i).ToList());
        for (var i = 0; i < s.Decls.Count; i++)
            foreach (var d in Smaller(s.Decls[i]))
                yield return new StapScript(s.Decls.Select((x, j) => j == i ? d : x).ToList());
    }

    private static IEnumerable<StapDecl> Smaller(StapDecl d)
    {
        switch (d)
        {
            case Probe p:
                if (p.Points.Count > 1)
                    for (var i = 0; i < p.Points.Count; i++) yield return p with { Points = p.Points.Where((_, j) => j != i).ToList() };
                foreach (var b in SmallerBlock(p.Body)) yield return p with { Body = b };
                break;
            case Function { Body: { } body } f:
                foreach (var b in SmallerBlock(body)) yield return f with { Body = b };
                break;
            case Global { Init: not null } g:
                yield return g with { Init = null };
                break;
        }
    }

    private static IEnumerable<Block> SmallerBlock(Block b)
    {
        for (var i = 0; i < b.Body.Count; i++)
            yield return new Block(b.Body.Where((_, j) => j != i).ToList());
        for (var i = 0; i < b.Body.Count; i++)
            foreach (var s in SmallerStmt(b.Body[i]))
                yield return new Block(b.Body.Take(i).Concat(s).Concat(b.Body.Skip(i + 1)).ToList());
    }

    /// <summary>Replacements for one statement: its body in its place (a list), or itself made smaller.</summary>
    private static IEnumerable<IReadOnlyList<StapStmt>> SmallerStmt(StapStmt s)
    {
        switch (s)
        {
            case Block b:
                yield return b.Body;
                foreach (var x in SmallerBlock(b)) yield return [x];
                break;
            case If i:
                yield return i.Then.Body;
                if (i.Else is not null) { yield return i.Else.Body; yield return [i with { Else = null }]; }
                foreach (var x in SmallerBlock(i.Then)) yield return [i with { Then = x }];
                if (i.Else is not null) foreach (var x in SmallerBlock(i.Else)) yield return [i with { Else = x }];
                foreach (var e in SmallerExpr(i.Condition)) yield return [i with { Condition = e }];
                break;
            case While w:
                yield return w.Body.Body;
                foreach (var x in SmallerBlock(w.Body)) yield return [w with { Body = x }];
                break;
            case For f:
                yield return f.Body.Body;
                foreach (var x in SmallerBlock(f.Body)) yield return [f with { Body = x }];
                break;
            case Foreach f:
                yield return f.Body.Body;
                if (f.Limit is not null) yield return [f with { Limit = null }];
                if (f.Sort >= 0) yield return [f with { Sort = -1 }];
                if (f.ValueVar is not null && f.Sort != 0) yield return [f with { ValueVar = null }];
                foreach (var x in SmallerBlock(f.Body)) yield return [f with { Body = x }];
                break;
            case Try t:
                yield return t.Body.Body;
                yield return t.Handler.Body;
                foreach (var x in SmallerBlock(t.Body)) yield return [t with { Body = x }];
                foreach (var x in SmallerBlock(t.Handler)) yield return [t with { Handler = x }];
                break;
            case Assign a:
                foreach (var e in SmallerExpr(a.Value)) yield return [a with { Value = e }];
                break;
            case ExprStmt e:
                foreach (var x in SmallerExpr(e.Value)) yield return [new ExprStmt(x)];
                break;
            case Return { Value: { } v } r:
                foreach (var x in SmallerExpr(v)) yield return [r with { Value = x }];
                break;
        }
    }

    /// <summary>An expression's own parts, then a literal, then smaller arguments; never itself.</summary>
    private static IEnumerable<StapExpr> SmallerExpr(StapExpr e)
    {
        foreach (var c in StapTree.Children(e)) yield return c;
        if (e is not (Num or Str or Var)) { yield return new Num(0); yield return new Str(""); }
        if (e is Num { Value: not 0 }) yield return new Num(0);
        if (e is Str { Value.Length: > 0 }) yield return new Str("");
        switch (e)
        {
            case Call c:
                for (var i = 0; i < c.Args.Count; i++)
                    foreach (var x in SmallerExpr(c.Args[i])) yield return c with { Args = Replace(c.Args, i, x) };
                break;
            case Binary b:
                foreach (var x in SmallerExpr(b.Left)) yield return b with { Left = x };
                foreach (var x in SmallerExpr(b.Right)) yield return b with { Right = x };
                break;
            case Unary u:
                foreach (var x in SmallerExpr(u.Operand)) yield return u with { Operand = x };
                break;
        }
    }

    private static IReadOnlyList<StapExpr> Replace(IReadOnlyList<StapExpr> list, int i, StapExpr x) =>
        list.Select((y, j) => j == i ? x : y).ToList();
}

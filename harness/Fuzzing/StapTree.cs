namespace ProbeHarness.Fuzzing;

/// <summary>Walks a script's statements and expressions, the way checks and the minimizer see them.</summary>
public static class StapTree
{
    public static IEnumerable<StapStmt> Statements(StapScript s) =>
        s.Decls.SelectMany(d => d switch
        {
            Probe p => Statements(p.Body),
            Function { Body: { } b } => Statements(b),
            _ => [],
        });

    public static IEnumerable<StapStmt> Statements(StapStmt s)
    {
        yield return s;
        foreach (var c in Children(s))
            foreach (var x in Statements(c)) yield return x;
    }

    public static IEnumerable<StapStmt> Children(StapStmt s) => s switch
    {
        Block b => b.Body,
        If i => i.Else is null ? [i.Then] : [i.Then, i.Else],
        While w => [w.Body],
        For f => [f.Init, f.Step, f.Body],
        Foreach f => [f.Body],
        Try t => [t.Body, t.Handler],
        _ => [],
    };

    public static IEnumerable<StapExpr> Expressions(StapScript s) =>
        s.Decls.OfType<Global>().Where(g => g.Init is not null).SelectMany(g => Expressions(g.Init!))
            .Concat(Statements(s).SelectMany(OwnExpressions).SelectMany(Expressions));

    public static IEnumerable<StapExpr> OwnExpressions(StapStmt s) => s switch
    {
        ExprStmt e => [e.Value],
        Assign a => [a.Target, a.Value],
        If i => [i.Condition],
        While w => [w.Condition],
        For f => [f.Condition],
        Foreach f => f.Limit is null ? [] : [f.Limit],
        Delete d => [d.Target],
        Return { Value: { } v } => [v],
        _ => [],
    };

    public static IEnumerable<StapExpr> Expressions(StapExpr e)
    {
        yield return e;
        foreach (var c in Children(e))
            foreach (var x in Expressions(c)) yield return x;
    }

    public static IReadOnlyList<StapExpr> Children(StapExpr e) => e switch
    {
        Index i => i.Keys,
        Unary u => [u.Operand],
        Binary b => [b.Left, b.Right],
        Ternary t => [t.Condition, t.Then, t.Else],
        Call c => c.Args,
        Exists x => x.Keys,
        StatOf s => [s.Statistic, .. s.Extra],
        Entry en => [en.Value],
        _ => [],
    };

    /// <summary>Number of nodes: the minimizer's measure of size.</summary>
    public static int Size(StapScript s) => s.Decls.Count + Statements(s).Count() + Expressions(s).Count();
}

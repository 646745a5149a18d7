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

    public static IEnumerable<StapStmt> Statements(StapStmt s) => PreOrder(s, Children);

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

    public static IEnumerable<StapExpr> Expressions(StapExpr e) => PreOrder(e, Children);

    /// <summary>A node, then its children's subtrees in order.</summary>
    private static IEnumerable<T> PreOrder<T>(T node, Func<T, IEnumerable<T>> children)
    {
        yield return node;
        foreach (var c in children(node))
            foreach (var x in PreOrder(c, children)) yield return x;
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

namespace ProbeHarness.Fuzzing;

/// <summary>
/// A model of SystemTap's script language, as much of it as the fuzzer writes: expressions,
/// statements, probes, functions and globals. <see cref="StapPrinter"/> writes it as stap reads it and
/// <see cref="StapParser"/> reads that text back, so a script shrinks and minimizes as a tree, not as text.
/// </summary>
public abstract record StapExpr;

public sealed record Num(long Value) : StapExpr;
public sealed record Str(string Value) : StapExpr;
/// <summary>A local, a parameter, a global scalar or a statistic, by name.</summary>
public sealed record Var(string Name) : StapExpr;
public sealed record Index(string Array, IReadOnlyList<StapExpr> Keys) : StapExpr;
public sealed record Unary(string Op, StapExpr Operand) : StapExpr;
public sealed record Binary(string Op, StapExpr Left, StapExpr Right) : StapExpr;
public sealed record Ternary(StapExpr Condition, StapExpr Then, StapExpr Else) : StapExpr;
public sealed record Call(string Function, IReadOnlyList<StapExpr> Args) : StapExpr;
/// <summary>`[k1, k2] in array`.</summary>
public sealed record Exists(IReadOnlyList<StapExpr> Keys, string Array) : StapExpr;
/// <summary>An extractor on a statistic: @count(s), @hist_log(a[k]), @hist_linear(s, lo, hi, step).</summary>
public sealed record StatOf(string Op, StapExpr Statistic, IReadOnlyList<StapExpr> Extra) : StapExpr;
/// <summary>`@entry(expr)` in a return probe: the value at entry.</summary>
public sealed record Entry(StapExpr Value) : StapExpr;
/// <summary>A context variable such as `$$vars` or `$$parms`.</summary>
public sealed record Target(string Name) : StapExpr;
/// <summary>Embedded C as an expression (guru mode): `%{ code %}`.</summary>
public sealed record EmbeddedExpr(string Code) : StapExpr;

public abstract record StapStmt;

public sealed record Block(IReadOnlyList<StapStmt> Body) : StapStmt;
public sealed record ExprStmt(StapExpr Value) : StapStmt;
/// <summary>`target op value` with op one of = += -= *= /= %= .= &lt;&lt;&lt;.</summary>
public sealed record Assign(StapExpr Target, string Op, StapExpr Value) : StapStmt;
public sealed record If(StapExpr Condition, Block Then, Block? Else) : StapStmt;
public sealed record While(StapExpr Condition, Block Body) : StapStmt;
public sealed record For(Assign Init, StapExpr Condition, Assign Step, Block Body) : StapStmt;
/// <summary>`foreach (v = [k1, k2-] in array limit n)`: Sort 0 sorts on the value, i on key i (1-based), -1 not at all.</summary>
public sealed record Foreach(string? ValueVar, IReadOnlyList<string> Keys, string Array, int Sort, char Direction, StapExpr? Limit, Block Body) : StapStmt;
public sealed record Delete(StapExpr Target) : StapStmt;
public sealed record Jump(string Keyword) : StapStmt;
public sealed record Return(StapExpr? Value) : StapStmt;
public sealed record Try(Block Body, string? CatchVar, Block Handler) : StapStmt;
public sealed record EmbeddedStmt(string Code) : StapStmt;

/// <summary>A probe point as written (`kprobe.function("vfs_read").return`), optional when it ends in `?`.</summary>
public sealed record ProbePoint(string Text, bool Optional = false);

public abstract record StapDecl;

public sealed record Global(string Name, StapExpr? Init) : StapDecl;
public sealed record Probe(IReadOnlyList<ProbePoint> Points, Block Body) : StapDecl;
public sealed record Param(string Name, string Type);
/// <summary>A script function; with <see cref="EmbeddedBody"/> its body is embedded C (guru mode).</summary>
public sealed record Function(string Name, string Type, IReadOnlyList<Param> Params, Block? Body, string? EmbeddedBody = null) : StapDecl;
/// <summary>Top-level embedded C (`%{ #include ... %}`), guru mode.</summary>
public sealed record EmbeddedTop(string Code) : StapDecl;

public sealed record StapScript(IReadOnlyList<StapDecl> Decls)
{
    public override string ToString() => StapPrinter.Print(this);

    /// <summary>Whether the script needs guru mode (-g): it has embedded C of its own.</summary>
    public bool NeedsGuru => Decls.Any(d => d is EmbeddedTop or Function { EmbeddedBody: not null })
        || StapTree.Statements(this).Any(s => s is EmbeddedStmt) || StapTree.Expressions(this).Any(e => e is EmbeddedExpr);
}

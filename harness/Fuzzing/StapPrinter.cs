using System.Globalization;
using System.Text;

namespace ProbeHarness.Fuzzing;

/// <summary>
/// Writes a <see cref="StapScript"/> as stap reads it. Every compound expression is in parentheses,
/// so the text means one tree whatever stap's precedence is, and it reads back as the same tree.
/// </summary>
public static class StapPrinter
{
    public static string Print(StapScript script)
    {
        var sb = new StringBuilder();
        foreach (var d in script.Decls) Decl(sb, d);
        return sb.ToString();
    }

    private static void Decl(StringBuilder sb, StapDecl d)
    {
        switch (d)
        {
            case Global g:
                sb.Append("global ").Append(g.Name);
                if (g.Init is not null) sb.Append(" = ").Append(Expr(g.Init));
                sb.Append('\n');
                break;
            case Probe p:
                sb.Append("probe ").Append(string.Join(", ", p.Points.Select(x => x.Text + (x.Optional ? " ?" : ""))));
                sb.Append(' ');
                Block(sb, p.Body, 0);
                sb.Append('\n');
                break;
            case Function f:
                sb.Append("function ").Append(f.Name).Append(':').Append(f.Type).Append(" (")
                    .Append(string.Join(", ", f.Params.Select(x => $"{x.Name}:{x.Type}"))).Append(") ");
                if (f.EmbeddedBody is not null) sb.Append("%{ ").Append(f.EmbeddedBody).Append(" %}\n");
                else { Block(sb, f.Body ?? new Block([]), 0); sb.Append('\n'); }
                break;
            case EmbeddedTop e:
                sb.Append("%{ ").Append(e.Code).Append(" %}\n");
                break;
        }
    }

    private static void Block(StringBuilder sb, Block b, int depth)
    {
        sb.Append("{\n");
        foreach (var s in b.Body) Stmt(sb, s, depth + 1);
        sb.Append(' ', depth * 2).Append('}');
    }

    private static void Stmt(StringBuilder sb, StapStmt s, int depth)
    {
        sb.Append(' ', depth * 2);
        switch (s)
        {
            case Block b: Block(sb, b, depth); break;
            case ExprStmt e: sb.Append(Expr(e.Value)).Append(';'); break;
            case Assign a: sb.Append(AssignText(a)).Append(';'); break;
            case If i:
                sb.Append("if (").Append(Expr(i.Condition)).Append(") ");
                Block(sb, i.Then, depth);
                if (i.Else is not null) { sb.Append(" else "); Block(sb, i.Else, depth); }
                break;
            case While w:
                sb.Append("while (").Append(Expr(w.Condition)).Append(") ");
                Block(sb, w.Body, depth);
                break;
            case For f:
                sb.Append("for (").Append(AssignText(f.Init)).Append("; ").Append(Expr(f.Condition)).Append("; ")
                    .Append(AssignText(f.Step)).Append(") ");
                Block(sb, f.Body, depth);
                break;
            case Foreach f:
                sb.Append("foreach (");
                if (f.ValueVar is not null) sb.Append(f.ValueVar).Append(f.Sort == 0 ? f.Direction.ToString() : "").Append(" = ");
                sb.Append('[').Append(string.Join(", ", f.Keys.Select((k, i) => k + (f.Sort == i + 1 ? f.Direction.ToString() : "")))).Append("] in ")
                    .Append(f.Array);
                if (f.Sort == 0 && f.ValueVar is null) sb.Append(f.Direction);
                if (f.Limit is not null) sb.Append(" limit ").Append(Expr(f.Limit));
                sb.Append(") ");
                Block(sb, f.Body, depth);
                break;
            case Delete d: sb.Append("delete ").Append(Expr(d.Target)).Append(';'); break;
            case Jump j: sb.Append(j.Keyword).Append(';'); break;
            case Return r: sb.Append("return").Append(r.Value is null ? "" : " " + Expr(r.Value)).Append(';'); break;
            case Try t:
                sb.Append("try ");
                Block(sb, t.Body, depth);
                sb.Append(" catch ").Append(t.CatchVar is null ? "" : $"({t.CatchVar}) ");
                Block(sb, t.Handler, depth);
                break;
            case EmbeddedStmt e: sb.Append("%{ ").Append(e.Code).Append(" %}"); break;
        }
        sb.Append('\n');
    }

    private static string AssignText(Assign a) => $"{Expr(a.Target)} {a.Op} {Expr(a.Value)}";

    public static string Expr(StapExpr e) => e switch
    {
        Num n => n.Value < 0 ? $"({n.Value.ToString(CultureInfo.InvariantCulture)})" : n.Value.ToString(CultureInfo.InvariantCulture),
        Str s => Quote(s.Value),
        Var v => v.Name,
        Index i => $"{i.Array}[{string.Join(", ", i.Keys.Select(Expr))}]",
        Unary u => $"({u.Op}{Expr(u.Operand)})",
        Binary b => $"({Expr(b.Left)} {b.Op} {Expr(b.Right)})",
        Ternary t => $"({Expr(t.Condition)} ? {Expr(t.Then)} : {Expr(t.Else)})",
        Call c => $"{c.Function}({string.Join(", ", c.Args.Select(Expr))})",
        Exists x => $"([{string.Join(", ", x.Keys.Select(Expr))}] in {x.Array})",
        StatOf s => $"{s.Op}({string.Join(", ", new[] { s.Statistic }.Concat(s.Extra).Select(Expr))})",
        Entry en => $"@entry({Expr(en.Value)})",
        Target t => t.Name,
        EmbeddedExpr em => $"%{{ {em.Code} %}}",
        _ => throw new ArgumentException($"no text for {e.GetType().Name}"),
    };

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\t' => "\\t", _ => c.ToString() });
        return sb.Append('"').ToString();
    }
}

using System.Globalization;
using System.Text;

namespace ProbeHarness.Fuzzing;

/// <summary>
/// Reads the text <see cref="StapPrinter"/> writes back into the model: the fuzzer's own check that a
/// script it calls well-formed is one tree, and the way a stored reproducer becomes a tree to minimize.
/// It reads the printer's fully parenthesized form, not all of SystemTap's grammar.
/// </summary>
public sealed class StapParser
{
    private readonly List<(string Kind, string Text, int Line)> _tokens;
    private int _at;

    private StapParser(string text) => _tokens = Lex(text);

    public static StapScript Parse(string text) => new StapParser(text).Script();

    private static readonly string[] Operators =
        ["<<<", "<=", ">=", "==", "!=", "&&", "||", "<<", ">>", "+=", "-=", "*=", "/=", "%=", ".=",
         "+", "-", "*", "/", "%", ".", "<", ">", "=", "!", "~", "&", "|", "^", "?", ":", ",", ";", "(", ")", "[", "]", "{", "}"];

    private static List<(string, string, int)> Lex(string s)
    {
        var list = new List<(string, string, int)>();
        int i = 0, line = 1;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\n') { line++; i++; continue; }
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '#' || (c == '/' && i + 1 < s.Length && s[i + 1] == '/'))
            { while (i < s.Length && s[i] != '\n') i++; continue; }
            if (c == '%' && i + 1 < s.Length && s[i + 1] == '{')
            {
                var end = s.IndexOf("%}", i + 2, StringComparison.Ordinal);
                if (end < 0) throw Error(line, "embedded C without %}");
                var code = s[(i + 2)..end];
                line += code.Count(ch => ch == '\n');
                list.Add(("embedded", code.Trim(), line));
                i = end + 2;
                continue;
            }
            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                        sb.Append(s[i] switch { 'n' => '\n', 't' => '\t', var o => o });
                    }
                    else sb.Append(s[i]);
                    i++;
                }
                if (i >= s.Length) throw Error(line, "string without its closing quote");
                i++;
                list.Add(("string", sb.ToString(), line));
                continue;
            }
            if (char.IsDigit(c))
            {
                var st = i;
                while (i < s.Length && char.IsLetterOrDigit(s[i])) i++;
                list.Add(("number", s[st..i], line));
                continue;
            }
            if (char.IsLetter(c) || c is '_' or '@' or '$')
            {
                var st = i;
                i++;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '$')) i++;
                list.Add(("word", s[st..i], line));
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(s, i, o, 0, o.Length) == 0)
                ?? throw Error(line, $"unexpected character '{c}'");
            list.Add(("op", op, line));
            i += op.Length;
        }
        list.Add(("end", "", line));
        return list;
    }

    private static FormatException Error(int line, string what) => new($"line {line}: {what}");

    private (string Kind, string Text, int Line) Peek(int ahead = 0) => _tokens[Math.Min(_at + ahead, _tokens.Count - 1)];
    private (string Kind, string Text, int Line) Next() => _tokens[_at++];
    private bool Is(string text) => Peek().Kind is "op" or "word" && Peek().Text == text;
    private bool Accept(string text) { if (!Is(text)) return false; _at++; return true; }
    private void Expect(string text) { if (!Accept(text)) throw Error(Peek().Line, $"expected '{text}', found '{Peek().Text}'"); }
    private string Word()
    {
        var t = Next();
        return t.Kind == "word" ? t.Text : throw Error(t.Line, $"expected a name, found '{t.Text}'");
    }

    private StapScript Script()
    {
        var decls = new List<StapDecl>();
        while (Peek().Kind != "end")
        {
            if (Peek().Kind == "embedded") { decls.Add(new EmbeddedTop(Next().Text)); continue; }
            var w = Word();
            switch (w)
            {
                case "global":
                    var name = Word();
                    decls.Add(new Global(name, Accept("=") ? Expr() : null));
                    break;
                case "probe":
                    var points = new List<ProbePoint> { Point() };
                    while (Accept(",")) points.Add(Point());
                    decls.Add(new Probe(points, Block()));
                    break;
                case "function":
                    var fn = Word();
                    Expect(":");
                    var type = Word();
                    Expect("(");
                    var ps = new List<Param>();
                    while (!Accept(")"))
                    {
                        if (ps.Count > 0) Expect(",");
                        var pn = Word();
                        Expect(":");
                        ps.Add(new Param(pn, Word()));
                    }
                    decls.Add(Peek().Kind == "embedded" ? new Function(fn, type, ps, null, Next().Text) : new Function(fn, type, ps, Block()));
                    break;
                default: throw Error(Peek().Line, $"expected global, probe or function, found '{w}'");
            }
        }
        return new StapScript(decls);
    }

    private ProbePoint Point()
    {
        var sb = new StringBuilder(Word());
        while (true)
        {
            if (Accept("("))
            {
                var sign = Accept("-") ? "-" : "";
                var t = Next();
                sb.Append('(').Append(sign).Append(t.Kind == "string" ? StapPrinter.Quote(t.Text) : t.Text).Append(')');
                Expect(")");
            }
            else if (Accept(".")) sb.Append('.').Append(Word());
            else break;
        }
        return new ProbePoint(sb.ToString(), Accept("?"));
    }

    private Block Block()
    {
        Expect("{");
        var body = new List<StapStmt>();
        while (!Accept("}")) body.Add(Stmt());
        return new Block(body);
    }

    private StapStmt Stmt()
    {
        if (Peek().Kind == "embedded") return new EmbeddedStmt(Next().Text);
        if (Is("{")) return Block();
        if (Accept("if"))
        {
            Expect("(");
            var c = Expr();
            Expect(")");
            var then = Block();
            return new If(c, then, Accept("else") ? Block() : null);
        }
        if (Accept("while"))
        {
            Expect("(");
            var c = Expr();
            Expect(")");
            return new While(c, Block());
        }
        if (Accept("for"))
        {
            Expect("(");
            var init = AssignOnly();
            Expect(";");
            var c = Expr();
            Expect(";");
            var step = AssignOnly();
            Expect(")");
            return new For(init, c, step, Block());
        }
        if (Accept("foreach")) return Foreach();
        if (Accept("try"))
        {
            var body = Block();
            Expect("catch");
            string? v = null;
            if (Accept("(")) { v = Word(); Expect(")"); }
            return new Try(body, v, Block());
        }
        if (Accept("delete")) { var t = Expr(); Expect(";"); return new Delete(t); }
        foreach (var j in new[] { "break", "continue", "next" })
            if (Accept(j)) { Expect(";"); return new Jump(j); }
        if (Accept("return"))
        {
            if (Accept(";")) return new Return(null);
            var v = Expr();
            Expect(";");
            return new Return(v);
        }
        var target = Expr();
        StapStmt s = AssignOps.Any(Is) ? new Assign(target, Next().Text, Expr()) : new ExprStmt(target);
        Expect(";");
        return s;
    }

    private static readonly string[] AssignOps = ["=", "+=", "-=", "*=", "/=", "%=", ".=", "<<<"];

    private Assign AssignOnly()
    {
        var target = Expr();
        if (!AssignOps.Any(Is)) throw Error(Peek().Line, $"expected an assignment, found '{Peek().Text}'");
        return new Assign(target, Next().Text, Expr());
    }

    private Foreach Foreach()
    {
        Expect("(");
        string? value = null;
        int sort = -1;
        char dir = '+';
        if (Peek().Kind == "word")
        {
            value = Word();
            if (Is("+") || Is("-")) { sort = 0; dir = Next().Text[0]; }
            Expect("=");
        }
        Expect("[");
        var keys = new List<string>();
        while (!Accept("]"))
        {
            if (keys.Count > 0) Expect(",");
            keys.Add(Word());
            if (Is("+") || Is("-")) { sort = keys.Count; dir = Next().Text[0]; }
        }
        Expect("in");
        var array = Word();
        if (value is null && (Is("+") || Is("-"))) { sort = 0; dir = Next().Text[0]; }
        StapExpr? limit = Accept("limit") ? Expr() : null;
        Expect(")");
        return new Foreach(value, keys, array, sort, dir, limit, Block());
    }

    private static readonly string[] BinaryOps =
        ["*", "/", "%", "+", "-", ".", "<<", ">>", "&", "^", "|", "&&", "||", "<", ">", "<=", ">=", "==", "!="];

    private StapExpr Expr()
    {
        var t = Peek();
        if (t.Kind == "number") { _at++; return new Num(long.Parse(t.Text, CultureInfo.InvariantCulture)); }
        if (t.Kind == "string") { _at++; return new Str(t.Text); }
        if (t.Kind == "embedded") { _at++; return new EmbeddedExpr(t.Text); }
        if (Accept("("))
        {
            StapExpr e;
            if (Is("-") || Is("!") || Is("~"))
            {
                var op = Next().Text;
                e = new Unary(op, Expr());
            }
            else if (Accept("["))
            {
                var keys = List("]");
                Expect("in");
                e = new Exists(keys, Word());
            }
            else
            {
                var left = Expr();
                if (Accept("?"))
                {
                    var then = Expr();
                    Expect(":");
                    e = new Ternary(left, then, Expr());
                }
                else if (BinaryOps.Any(Is)) { var op = Next().Text; e = new Binary(op, left, Expr()); }
                else e = left;
            }
            Expect(")");
            return e;
        }
        var w = Word();
        if (w.StartsWith('$')) return new Target(w);
        if (w == "@entry") { Expect("("); var v = Expr(); Expect(")"); return new Entry(v); }
        if (w.StartsWith('@')) { Expect("("); var args = List(")"); return new StatOf(w, args[0], args.Skip(1).ToList()); }
        if (Accept("(")) return new Call(w, List(")"));
        if (Accept("[")) return new Index(w, List("]"));
        return new Var(w);
    }

    private List<StapExpr> List(string close)
    {
        var items = new List<StapExpr>();
        while (!Accept(close))
        {
            if (items.Count > 0) Expect(",");
            items.Add(Expr());
        }
        return items;
    }
}

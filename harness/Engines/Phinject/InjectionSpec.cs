using System.Globalization;

namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// An error-injection script (a suite test's <c>.inject</c> file): which kernel function fails,
/// what it returns instead, and for which of the workload's calls. Lines are `key: value`;
/// # starts a comment.
/// <code>
/// function: security_file_open   # a kernel function that can fail before doing anything
/// returns: -EACCES                # -ENAME, -N, or NULL (a failed allocation)
/// rule: first:1                   # always, never, nth:N, first:N, every:K, random:P:SEED
/// </code>
/// </summary>
public sealed record InjectionSpec(string Function, long Returns, InjectionRule Rule)
{
    private static readonly string[] Keys = ["function", "returns", "rule"];

    /// <summary>Reads a script; a mistake is a FormatException naming the file and line.</summary>
    public static InjectionSpec Parse(string text, string file)
    {
        var values = new Dictionary<string, (string Value, int Line)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':');
            string Where() => $"{file}:{i + 1}";
            if (colon <= 0) throw new FormatException($"{Where()}: expected 'key: value', got '{line}'");
            var key = line[..colon].Trim();
            var given = line[(colon + 1)..].Trim();
            if (!Keys.Contains(key)) throw new FormatException($"{Where()}: unknown key '{key}' (known: {string.Join(", ", Keys)})");
            if (!values.TryAdd(key, (given, i + 1))) throw new FormatException($"{Where()}: '{key}' given twice");
        }
        foreach (var k in Keys.Take(2))
            if (!values.ContainsKey(k)) throw new FormatException($"{file}: no '{k}:' line");

        var (function, fline) = values["function"];
        if (!IsSymbol(function)) throw new FormatException($"{file}:{fline}: '{function}' is not a kernel function name");
        var (returns, rline) = values["returns"];
        var value = ReturnValue(returns) ?? throw new FormatException(
            $"{file}:{rline}: returns '{returns}' is neither -ENAME ({string.Join(", ", Errno.Numbers.Keys)}), a negative number, nor NULL");
        var rule = InjectionRule.Parse("always");
        if (values.TryGetValue("rule", out var r))
            rule = InjectionRule.Parse(r.Value) ?? throw new FormatException($"{file}:{r.Line}: rule '{r.Value}' is not one of {InjectionRule.Grammar}");
        return new InjectionSpec(function, value, rule!);
    }

    private static bool IsSymbol(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.');

    /// <summary>-ENAME, a negative number down to -4095, or NULL (0) as the module's value; null when it is none of these.</summary>
    public static long? ReturnValue(string s)
    {
        if (s == "NULL") return 0;
        if (s.StartsWith("-E", StringComparison.Ordinal))
            return Errno.Numbers.TryGetValue(s[1..], out var n) ? -n : null;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v is < 0 and >= -4095 ? v : null;
    }
}

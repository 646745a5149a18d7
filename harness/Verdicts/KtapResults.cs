using System.Text;
using System.Text.RegularExpressions;

namespace ProbeHarness.Verdicts;

/// <summary>One KUnit case as KTAP reported it: its suite, name, state, the skip reason and its diagnostic lines.</summary>
public sealed record KtapCase(string Suite, string Name, TestState State, string? Reason, string Diagnostics);

/// <summary>
/// The KUnit results a kernel printed on its console at boot (built-in tests, KTAP): each
/// "# Subtest: suite" block's "ok N case" / "not ok N case" lines, with a "# SKIP reason" directive
/// as UNSUPPORTED and the "# ..." lines before a case as its diagnostics. printk timestamps and the
/// indentation that nests a suite are ignored; anything else on the console is skipped.
/// </summary>
public static partial class KtapResults
{
    public static IReadOnlyList<KtapCase> Parse(string console)
    {
        var cases = new List<KtapCase>();
        // The suites open, by the indentation of their lines ("# Subtest:" sits at its cases' level).
        var open = new List<(int Indent, string Name)>();
        var diagnostics = new StringBuilder();
        foreach (var raw in console.Split('\n'))
        {
            var line = Timestamp().Replace(raw.TrimEnd('\r'), "");
            var body = line.TrimStart();
            var indent = line.Length - body.Length;
            if (Subtest().Match(body) is { Success: true } sub)
            {
                open.RemoveAll(o => o.Indent >= indent);
                open.Add((indent, sub.Groups[1].Value.Trim()));
                diagnostics.Clear();
                continue;
            }
            if (Result().Match(body) is { Success: true } r)
            {
                // A result closes the suites nested deeper (a parameterised case's own subtest), and is a case
                // of the suite at its level; at the top level it is a suite's own result.
                open.RemoveAll(o => o.Indent > indent);
                var suite = open.LastOrDefault(o => o.Indent == indent);
                if (suite.Name is not null)
                {
                    var directive = r.Groups["directive"].Success ? r.Groups["directive"].Value.Trim() : null;
                    var skip = directive is not null && directive.StartsWith("SKIP", StringComparison.OrdinalIgnoreCase);
                    var state = skip ? TestState.Unsupported : r.Groups["not"].Success ? TestState.Fail : TestState.Pass;
                    var reason = skip ? directive![4..].Trim() : null;
                    cases.Add(new KtapCase(suite.Name, r.Groups["name"].Value.Trim(), state,
                        skip && string.IsNullOrEmpty(reason) ? "skipped by the test" : reason, diagnostics.ToString()));
                }
                diagnostics.Clear();
                continue;
            }
            if (body.StartsWith('#') && open.Any(o => o.Indent == indent)) diagnostics.Append(body).Append('\n');
        }
        return cases;
    }

    /// <summary>The cases as the run's results, named kunit/&lt;suite&gt;/&lt;case&gt; in the cell.</summary>
    public static IReadOnlyList<TestResult> ToResults(IReadOnlyList<KtapCase> cases, Cell cell, string suiteName, string consoleLog) =>
        cases.Select(c => new TestResult(suiteName, $"kunit/{c.Suite}/{c.Name}", cell, c.State,
            c.State == TestState.Fail ? Culprit.Kernel : Culprit.None,
            c.State == TestState.Fail ? FirstLine(c.Diagnostics) ?? "the KUnit case failed" : c.Reason,
            TimeSpan.Zero, c.Diagnostics, ConsoleLog: consoleLog)).ToList();

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimStart('#', ' ')).FirstOrDefault(l => l.Length > 0);

    [GeneratedRegex(@"^\s*\[\s*\d+\.\d+\]\s?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^# Subtest: (.+)$")]
    private static partial Regex Subtest();

    [GeneratedRegex(@"^(?<not>not )?ok \d+(?: -)? (?<name>[^#]+?)\s*(?:#\s*(?<directive>.*))?$")]
    private static partial Regex Result();
}

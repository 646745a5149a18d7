using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Reads stap's stderr: which pass failed and the lines that say why. stap ends a failure
/// with "Pass N: &lt;what&gt; failed.  [man error::passN]"; before that it prints the
/// translator's "parse error:"/"semantic error:" or, in pass 4, gcc's "file:line:col: error:".
/// </summary>
public static partial class StapOutput
{
    [GeneratedRegex(@"^Pass (?<n>[1-5]): .*\bfailed\b", RegexOptions.Multiline)]
    private static partial Regex PassFailed();

    // gcc's "x.c:1:2: error:", stap's "semantic error:", "parse error:", and setup's "ERROR:".
    [GeneratedRegex(@"(^|[\s:])((semantic|parse) )?error: |^ERROR: |^Can't resolve ")]
    private static partial Regex ErrorLine();

    public const int MaxReasonLines = 4;

    /// <summary>The failed pass, by stap's own "Pass N: ... failed" line, else by the kind of error.</summary>
    public static int? FailedPass(string stderr)
    {
        var m = PassFailed().Match(stderr);
        if (m.Success) return int.Parse(m.Groups["n"].Value);
        if (stderr.Contains("parse error:", StringComparison.Ordinal)) return 1;
        if (stderr.Contains("semantic error:", StringComparison.Ordinal)) return 2;
        if (Lines(stderr).Any(l => l.StartsWith("ERROR: ", StringComparison.Ordinal))) return 0;
        return null;
    }

    /// <summary>
    /// The first error lines, deduplicated, then the "Pass N failed" line; warnings and Debian's
    /// "Tip:" are noise. Falls back to the last lines when no line looks like an error.
    /// </summary>
    public static string Reason(string stderr)
    {
        var lines = Lines(stderr).ToList();
        var errors = lines.Where(l => ErrorLine().IsMatch(l)).Distinct().Take(MaxReasonLines).ToList();
        var pass = lines.FirstOrDefault(l => PassFailed().IsMatch(l));
        if (pass is not null) errors.Add(pass);
        if (errors.Count > 0) return string.Join("\n", errors);
        var tail = lines.Where(l => !l.StartsWith("Tip: ", StringComparison.Ordinal) && !l.StartsWith("WARNING: ", StringComparison.Ordinal))
            .TakeLast(MaxReasonLines);
        var text = string.Join("\n", tail);
        return text.Length > 0 ? text : "stap failed without saying why";
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Select(l => l.Trim());
}

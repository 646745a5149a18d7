using System.Text.RegularExpressions;

namespace ProbeHarness.Fuzzing;

/// <summary>What stap made of one script: how far it got and, when it broke, the signature of the break.</summary>
/// <param name="Pass">The last pass stap finished (0: not even parsing).</param>
/// <param name="Kind">ok, parse-error, semantic-error, error (a refusal past pass 2), crash, hang.</param>
/// <param name="Signature">For a crash or a hang: what identifies it across scripts and runs; otherwise the first error line, for counting.</param>
public sealed record TranslatorOutcome(int Pass, string Kind, string Signature)
{
    public bool IsFinding => Kind is "crash" or "hang";

    /// <summary>
    /// Reads stap's exit and `-v` output. A crash is a signal (exit 128+N as .NET reports it, or 134 from
    /// a shell), an assertion, an uncaught C++ exception, or an "internal error" that is not one of stap's
    /// ordinary parse/semantic diagnostics. A parse or semantic error is a refusal, not a finding.
    /// </summary>
    public static TranslatorOutcome Classify(int exitCode, bool timedOut, string stderr, int requestedPass)
    {
        var pass = Regex.Matches(stderr, @"^Pass (\d): ", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
        if (exitCode == 0 && !timedOut) return new(Math.Max(pass, requestedPass), "ok", "");
        if (timedOut) return new(pass, "hang", $"stap hangs in pass {pass + 1}");
        var assertion = Regex.Match(stderr, @"([\w./-]+\.(?:cxx|cc|h)):\d+: ([^\n]*?): Assertion [`'](.*?)' failed");
        if (assertion.Success)
            return new(pass, "crash", $"assertion {Path.GetFileName(assertion.Groups[1].Value)}: {assertion.Groups[2].Value}: {assertion.Groups[3].Value}");
        var thrown = Regex.Match(stderr, @"terminate called after throwing an instance of '([^']+)'(?:\s*\n\s*what\(\):\s*([^\n]*))?");
        if (thrown.Success) return new(pass, "crash", $"uncaught {thrown.Groups[1].Value}: {Normalize(thrown.Groups[2].Value)}".TrimEnd(' ', ':'));
        var internalError = stderr.Split('\n').FirstOrDefault(l => l.Contains("internal error", StringComparison.OrdinalIgnoreCase)
            && !l.TrimStart().StartsWith("semantic error", StringComparison.Ordinal) && !l.TrimStart().StartsWith("parse error", StringComparison.Ordinal));
        if (internalError is not null) return new(pass, "crash", $"internal error: {Normalize(internalError.Trim())}");
        if (exitCode > 128 && exitCode < 128 + 65) return new(pass, "crash", $"stap killed by signal {exitCode - 128} in pass {pass + 1}");
        var first = stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.Ordinal)) ?? $"exit {exitCode}";
        if (first.StartsWith("parse error", StringComparison.Ordinal)) return new(pass, "parse-error", Normalize(first));
        if (first.StartsWith("semantic error", StringComparison.Ordinal)) return new(pass, "semantic-error", Normalize(first));
        return new(pass, "error", Normalize(first));
    }

    /// <summary>An error line without what changes from script to script: identifiers in quotes, numbers, positions.</summary>
    public static string Normalize(string line)
    {
        var s = Regex.Replace(line, @"'[^']*'", "'…'");
        s = Regex.Replace(s, @"""[^""]*""", "\"…\"");
        s = Regex.Replace(s, @"\b\d+\b", "N");
        s = Regex.Replace(s, @"\bat [^ ]*:N:N\b", "at …");
        return s.Length > 160 ? s[..160] : s;
    }
}

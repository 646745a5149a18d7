using System.Globalization;
using ProbeHarness.Verdicts;
using ProbeHarness.Text;

namespace ProbeHarness.Exporters;

/// <summary>
/// The line formats runtest and framework.exp write, shared by the .sum and .log exporters so the
/// two never disagree on a result line.
/// </summary>
public static class DejaGnuFormat
{
    /// <summary>runtest's banner: "Test run by", the configuration, then the tool's tests header.</summary>
    public static IEnumerable<string> Header(RunInfo info, DejaGnuOptions options)
    {
        yield return $"Test run by {options.UserName} on {TclDate(info.Started)}";
        yield return $"Native configuration is {options.Configuration}";
        yield return "";
        yield return $"\t\t=== {info.Suite} tests ===";
        yield return "";
        yield return "Schedule of variations:";
        yield return "    unix";
        yield return "";
        yield return "Running target unix";
    }

    /// <summary>
    /// Test sources in ordinal order, each with its results sorted by name: sums from two runs
    /// then diff line by line whatever order the scheduler finished the cells in.
    /// </summary>
    public static IEnumerable<(string Source, IReadOnlyList<TestResult> Results)> BySource(
        IEnumerable<TestResult> results, DejaGnuOptions options) =>
        results
            .GroupBy(r => UntrustedText.OneLine(options.Source(r), 500), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<TestResult>)g.OrderBy(r => r.FullName, StringComparer.Ordinal).ToList()));

    public static string RunningLine(string source) => $"Running {source} ...";

    /// <summary>
    /// "STATE: name" plus, for anything but PASS, " (reason)" on the same line, the way DejaGnu
    /// appends "(PRMS n)". The reason's own parentheses become brackets so the line ends in exactly
    /// one balanced group that comparison scripts can strip to get the bare test name.
    /// </summary>
    public static string ResultLine(TestResult r)
    {
        var line = $"{r.State.DejaGnuWord()}: {UntrustedText.OneLine(r.FullName, 500)}";
        var reason = UntrustedText.OneLine(r.Reason).Replace('(', '[').Replace(')', ']');
        return r.State == TestState.Pass || reason.Length == 0 ? line : $"{line} ({reason})";
    }

    /// <summary>framework.exp's log_summary: blank, title, blank, then one count line per state that occurred.</summary>
    public static IEnumerable<string> Summary(string suite, IEnumerable<TestResult> results)
    {
        yield return "";
        yield return $"\t\t=== {suite} Summary ===";
        yield return "";
        foreach (var (state, count) in StateCounts.Of(results))
            yield return CountLine(state, count);
    }

    /// <summary>framework.exp pads the label with an extra tab when it is shorter than 24 characters.</summary>
    public static string CountLine(TestState state, int count)
    {
        var label = "# of " + CountName(state);
        return (label.Length < 24 ? label + "\t" : label) + "\t" + count.ToString(CultureInfo.InvariantCulture);
    }

    public static string CountName(TestState state) => state switch
    {
        TestState.Pass => "expected passes",
        TestState.Fail => "unexpected failures",
        TestState.XPass => "unexpected successes",
        TestState.XFail => "expected failures",
        TestState.KPass => "unknown successes",
        TestState.KFail => "known failures",
        TestState.Unresolved => "unresolved testcases",
        TestState.Untested => "untested testcases",
        TestState.Unsupported => "unsupported tests",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>Tcl's "%c" in the C locale: "Sun Jan  5 08:06:44 2025" (day padded with a space).</summary>
    public static string TclDate(DateTimeOffset t)
    {
        var c = CultureInfo.InvariantCulture;
        return $"{t.ToString("ddd MMM", c)} {t.Day,2} {t.ToString("HH:mm:ss yyyy", c)}";
    }

    /// <summary>A suite name made safe as a file name (the suite comes from a suite file, not from us).</summary>
    public static string FileStem(string suite)
    {
        var bad = Path.GetInvalidFileNameChars();
        var s = new string(suite.Select(ch => bad.Contains(ch) || ch == '/' || ch == '\\' ? '_' : ch).ToArray());
        return s.Length == 0 || s is "." or ".." ? "testrun" : s;
    }

    public static void WriteLines(string path, IEnumerable<string> lines)
    {
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var l in lines) w.WriteLine(l);
    }
}

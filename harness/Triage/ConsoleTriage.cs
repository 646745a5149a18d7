namespace ProbeHarness.Triage;

/// <summary>Triage of a whole console log at once.</summary>
public static class ConsoleTriage
{
    /// <param name="text">The console text.</param>
    /// <param name="arch">The guest architecture (harness or Debian name); null tries every arch's formats.</param>
    /// <param name="symbols">Names frames printed as bare addresses, when given.</param>
    /// <param name="probedFunctions">Kernel functions probes were placed on: a crash in one of them
    /// (faulting PC or guilty frame, never a caller deeper down) blames the probe engine. See <see cref="ProbedFunctions"/>.</param>
    public static IReadOnlyList<CrashReport> Parse(string text, string? arch = null, SymbolTable? symbols = null,
        IReadOnlyCollection<string>? probedFunctions = null)
    {
        var reports = new List<CrashReport>();
        var scanner = new ReportScanner(arch, symbols, reports.Add, ProbedFunctions.From(probedFunctions));
        var start = 0;
        while (start <= text.Length)
        {
            var nl = text.IndexOf('\n', start);
            if (nl < 0)
            {
                if (start < text.Length) scanner.Line(text[start..]);
                break;
            }
            scanner.Line(text[start..nl]);
            start = nl + 1;
        }
        scanner.Complete();
        return reports;
    }
}

namespace ProbeHarness.Triage;

/// <summary>Triage of a whole console log at once.</summary>
public static class ConsoleTriage
{
    /// <param name="text">The console text.</param>
    /// <param name="arch">The guest architecture (harness or Debian name); null tries every arch's formats.</param>
    /// <param name="symbols">Names frames printed as bare addresses, when given.</param>
    public static IReadOnlyList<CrashReport> Parse(string text, string? arch = null, SymbolTable? symbols = null)
    {
        var reports = new List<CrashReport>();
        var scanner = new ReportScanner(arch, symbols, reports.Add);
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

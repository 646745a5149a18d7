using System.Text;

namespace ProbeHarness.Triage;

/// <summary>
/// Watches a console as it streams. Each <see cref="Feed"/> scans only the new text; a partial
/// last line waits for its end, so a header split across chunks is still seen whole. Memory
/// stays bounded by the scanner's windows, whatever the length of the console.
/// </summary>
public sealed class ConsoleMonitor
{
    // A "line" longer than this (binary garbage, a console without newlines) is scanned in pieces.
    private const int MaxPartialLine = 64 * 1024;

    private readonly ReportScanner scanner;
    private readonly List<CrashReport> reports = [];
    private readonly StringBuilder partial = new();
    private bool completed;

    /// <param name="arch">The guest architecture; null tries every architecture's formats.</param>
    /// <param name="symbols">Names frames printed as bare addresses, when given.</param>
    /// <param name="probedFunctions">Kernel functions probes were placed on (see <see cref="ProbedFunctions"/>).</param>
    public ConsoleMonitor(string? arch = null, SymbolTable? symbols = null, IReadOnlyCollection<string>? probedFunctions = null)
    {
        scanner = new ReportScanner(arch, symbols, reports.Add, ProbedFunctions.From(probedFunctions));
    }

    /// <summary>True from the first line of the first report on.</summary>
    public bool TroubleSeen => scanner.TroubleSeen;

    /// <summary>The first report: finished, or as read so far while it is still printing.</summary>
    public CrashReport? First => reports.Count > 0 ? reports[0] : scanner.Peek();

    /// <summary>The finished reports; the last one is finished by <see cref="Complete"/>.</summary>
    public IReadOnlyList<CrashReport> All => reports;

    public void Feed(string chunk)
    {
        if (completed) throw new InvalidOperationException("the monitor was completed");
        var start = 0;
        while (start < chunk.Length)
        {
            var nl = chunk.IndexOf('\n', start);
            if (nl < 0)
            {
                partial.Append(chunk, start, chunk.Length - start);
                if (partial.Length > MaxPartialLine) FlushPartial();
                return;
            }
            if (partial.Length > 0)
            {
                partial.Append(chunk, start, nl - start);
                FlushPartial();
            }
            else
            {
                scanner.Line(chunk.Substring(start, nl - start));
            }
            start = nl + 1;
        }
    }

    public void Complete()
    {
        if (completed) return;
        completed = true;
        if (partial.Length > 0) FlushPartial();
        scanner.Complete();
    }

    private void FlushPartial()
    {
        scanner.Line(partial.ToString());
        partial.Clear();
    }
}

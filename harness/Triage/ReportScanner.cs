using ProbeHarness.Architectures;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Triage;

/// <summary>
/// The line-by-line state machine both <see cref="ConsoleTriage"/> and <see cref="ConsoleMonitor"/>
/// run. Memory is bounded: a window of recent lines for context, and the open report (itself
/// capped). Each line costs the header match, the frame parse and constant bookkeeping.
/// </summary>
/// <param name="arch">Any name of an architecture row (<see cref="ArchTable.Get"/>), or null to read every
/// architecture's formats; a name no row has is refused (ArgumentException), not read as "every".</param>
public sealed class ReportScanner(string? arch, SymbolTable? symbols, Action<CrashReport> onReport,
    ProbedFunctions? probedFunctions = null)
{
    private readonly Arch? row = Row(arch);

    public const int ContextLines = 64;
    public const int ContextChars = 16 * 1024;
    // A report without an end marker (lockups, stalls, hung tasks) ends this many lines after its
    // last frame: long enough for an RCU stall's several backtraces, short enough not to swallow the next boot step.
    private const int QuietLinesToClose = 40;

    private readonly IReadOnlyList<CrashPattern> patterns = CrashPatterns.All.Where(p => p.AppliesTo(Row(arch))).ToList();
    private readonly Queue<string> context = new();
    private int contextChars;
    private int lineNo;
    private OpenReport? open;

    public bool TroubleSeen { get; private set; }
    public int LineCount => lineNo;

    public void Line(string raw)
    {
        lineNo++;
        var line = ConsoleLine.Strip(raw);
        var header = Match(line);

        if (open is not null)
        {
            if (header is { Pattern.Consequence: true })
            {
                open.Add(raw, line, isHeader: true);
                open.Reopen();
                Remember(raw);
                return;
            }
            if (header is not null && !open.FramesSeen && !open.EndSeen)
            {
                // "Oops:" after "BUG: ...", "kernel BUG at" after "list_del corruption": one report.
                open.Add(raw, line, isHeader: true);
                Remember(raw);
                return;
            }
            if (header is not null)
            {
                open.Interleaved |= !open.EndSeen && !open.TraceClosed;
                Finish(truncated: false);
            }
            else
            {
                open.Add(raw, line, isHeader: false);
                if ((open.EndSeen && open.Tail <= 0) || open.Full ||
                    (!open.EndSeen && open.TraceClosed && open.LinesSinceUseful >= QuietLinesToClose))
                    Finish(truncated: false);
                Remember(raw);
                return;
            }
        }

        if (header is not null)
        {
            TroubleSeen = true;
            open = new OpenReport(header.Value.Pattern, header.Value.Match, lineNo, string.Join('\n', context),
                new FrameParser(row, symbols));
            open.Add(raw, line, isHeader: true);
        }
        Remember(raw);
    }

    /// <summary>End of console: whatever is open is finished, cut short unless it had closed.</summary>
    public void Complete()
    {
        if (open is not null) Finish(truncated: !open.Whole);
    }

    /// <summary>The open report as it stands, for a look before it is finished.</summary>
    public CrashReport? Peek() => open is null ? null : Build(open, truncated: !open.Whole);

    private void Finish(bool truncated)
    {
        var report = Build(open!, truncated);
        open = null;
        onReport(report);
    }

    private (CrashPattern Pattern, System.Text.RegularExpressions.Match Match)? Match(string line)
    {
        // Cheap pre-filter: every header starts with a letter, '-' never, and most console lines
        // are short chatter that no header could match; the regexes are anchored anyway.
        if (line.Length < 6 || !char.IsAsciiLetter(line[0])) return null;
        foreach (var p in patterns)
        {
            var m = p.Header.Match(line);
            if (m.Success) return (p, m);
        }
        return null;
    }

    private void Remember(string raw)
    {
        context.Enqueue(raw);
        contextChars += raw.Length + 1;
        while (context.Count > ContextLines || contextChars > ContextChars)
            contextChars -= context.Dequeue().Length + 1;
    }

    private static Arch? Row(string? arch) => arch is null ? null : ArchTable.Get(arch);

    private CrashReport Build(OpenReport r, bool truncated)
    {
        // A header that names the function itself (the stack protector's) is the first frame.
        var frames = HeaderFrame.Parse(r.Header) is { } named ? [named, .. r.Frames] : r.Frames;
        var guilty = HeaderFrame.Parse(r.Header) ?? GuiltyFrame.Choose(frames, r.Pattern);
        var loaded = r.Modules.Where(ProbeBlame.IsProbeModule).Distinct().ToList();
        var (culprit, probe) = ProbeBlame.Judge(frames, guilty, probedFunctions, loaded);
        var corrupted = truncated || r.Interleaved || (r.Pattern.NeedsFrame && guilty is null);
        var name = guilty is null ? null : StapHandlerName.IsGenerated(guilty) ? StapHandlerName.For(frames) : guilty.Function;
        var title = ReportTitle.Format(r.RefinedTitle is null ? r.Pattern : r.Pattern with { Title = r.RefinedTitle }, r.Header, name);
        var body = string.Join('\n', r.Body);
        var excerpt = r.Before.Length == 0 ? body : r.Before + "\n" + body;
        return new CrashReport(title, r.Pattern.Kind, culprit, corrupted, probe, r.StartLine, excerpt,
            r.Pattern.Name, name, loaded);
    }
}

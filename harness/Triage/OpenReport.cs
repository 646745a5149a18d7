using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// A report being read, line by line: its lines, its frames and where its stack trace stands.
/// Bounded: past <see cref="MaxLines"/> lines it stops growing.
/// </summary>
internal sealed partial class OpenReport(CrashPattern pattern, Match header, int startLine, string before, FrameParser frames)
{
    public const int MaxLines = 600;

    [GeneratedRegex(@"^(?:---\[ end (?:trace|Kernel panic)|Kernel Offset:|Rebooting in \d+ seconds|---\[ end .*\]---)")]
    private static partial Regex EndMarker();

    [GeneratedRegex(@"^={30,}\s*$")]
    private static partial Regex SanitizerRule();

    // An RCU stall with a starved grace-period kthread dumps that kthread's stack (asleep in
    // schedule(), a victim) before the stack of the CPU that starved it (the story). Frames in
    // between are set aside: neither a title nor evidence of blame.
    [GeneratedRegex(@"^rcu: RCU grace-period kthread stack dump:")]
    private static partial Regex AsideStart();

    [GeneratedRegex(@"^(?:rcu: Stack dump where RCU GP kthread last ran:|NMI backtrace for cpu|Sending NMI from CPU|rcu: INFO:|INFO: rcu)")]
    private static partial Regex AsideEnd();

    // Lines that keep a stack trace going: register dumps, code bytes, section markers, and
    // frames printed as bare addresses (which name nothing without a symbol table).
    [GeneratedRegex(@"^\s*(?:<\/?[A-Z]+>|Call [Tt]race:|[A-Za-z][A-Za-z0-9 ]{0,6}\s?:\s|\s*$|(?:\[<?[0-9a-f]+>?\]\s*)*(?:\?\s+)?0x[0-9a-f]{8,16}\s*$)")]
    private static partial Regex TraceFiller();

    private static readonly Regex StackBottom = GenericFrames.Compile(GenericFrames.StackBottom);

    public CrashPattern Pattern { get; } = pattern;
    public Match Header { get; } = header;
    public int StartLine { get; } = startLine;
    public string Before { get; } = before;
    public List<string> Lines { get; } = [];
    public List<Frame> Frames { get; } = [];
    public List<string> Modules { get; } = [];
    public bool EndSeen { get; private set; }
    public bool TraceClosed { get; private set; }
    public bool Interleaved { get; set; }
    public bool Full => Lines.Count >= MaxLines;
    /// <summary>Lines after the end marker still to take (a duplicated RIP, a follow-on panic).</summary>
    public int Tail { get; private set; }
    public int LinesSinceUseful { get; private set; }
    private int usefulCount;
    private bool traceFrameSeen;
    private bool aside;
    private bool wholeBeforeFollowOn;

    public bool FramesSeen => Frames.Count > 0;

    /// <summary>
    /// Not cut short: it reached its end marker or the end of its trace, or did so before a follow-on
    /// panic that printed nothing more (after an oops, panic() dumps no second stack, and panic=-1
    /// resets without an end marker).
    /// </summary>
    public bool Whole => EndSeen || TraceClosed || wholeBeforeFollowOn;

    /// <summary>The pattern's refined title, once its refining line was seen.</summary>
    public string? RefinedTitle { get; private set; }

    public void Add(string raw, string line, bool isHeader)
    {
        if (Full) return;
        Lines.Add(raw);
        if (RefinedTitle is null && Pattern.Refine is { } refine && refine.Line.Match(line) is { Success: true } m)
            RefinedTitle = ReportTitle.Fill(refine.Title, m);
        var useful = isHeader;
        if (EndMarker().IsMatch(line) || (FramesSeen && SanitizerRule().IsMatch(line)))
        {
            EndSeen = true;
            Tail = 24;
            useful = true;
        }
        else if (EndSeen)
        {
            Tail--;
        }

        if (AsideStart().IsMatch(line)) aside = true;
        else if (aside && AsideEnd().IsMatch(line)) aside = false;
        var frame = frames.Parse(line);
        // Set-aside frames count as unvouched ("?"): the title and the blame both ignore those.
        if (frame is not null && aside) frame = frame with { Questionable = true };
        if (frame is not null)
        {
            Frames.Add(frame);
            traceFrameSeen |= !frame.IsPc && !frame.IsLink;
            // Printed down to the stack's outermost frame: the trace is whole, whatever follows.
            if (!frame.IsPc && !frame.IsLink && !frame.Questionable && StackBottom.IsMatch(frame.Function)) TraceClosed = true;
            useful = true;
        }
        else if (line.Trim() == "</TASK>" && traceFrameSeen)
        {
            TraceClosed = true;
            useful = true;
        }
        else if (ModulesLinkedIn.Parse(line) is { } mods)
        {
            Modules.AddRange(mods);
            useful = true;
        }
        else if (traceFrameSeen && !TraceFiller().IsMatch(line))
        {
            TraceClosed = true;
        }
        else if (TraceFiller().IsMatch(line))
        {
            useful = true;
        }

        if (useful)
        {
            usefulCount = Lines.Count;
            LinesSinceUseful = 0;
        }
        else
        {
            LinesSinceUseful++;
        }
    }

    /// <summary>A follow-on panic reopens the report: it will print its own stack and end marker.</summary>
    public void Reopen()
    {
        wholeBeforeFollowOn |= EndSeen || TraceClosed;
        EndSeen = false;
        TraceClosed = false;
        traceFrameSeen = false;
    }

    /// <summary>The report's own lines: trailing chatter after its last useful line is not part of it.</summary>
    public IEnumerable<string> Body => EndSeen ? Lines : Lines.Take(Math.Max(1, usefulCount));
}

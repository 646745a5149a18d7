using ProbeHarness.Verdicts;

namespace ProbeHarness.Triage;

/// <summary>One kernel report found on a console, titled and blamed.</summary>
/// <param name="Title">Stable title: no addresses, PIDs or CPU numbers.</param>
/// <param name="Kind">One of <see cref="CrashKinds"/>.</param>
/// <param name="Culprit">ProbeEngine when instrumentation is on the stack, Kernel otherwise.</param>
/// <param name="Corrupted">Truncated (no stack, cut off) or interleaved with another report.</param>
/// <param name="Probe">The instrumentation blamed (module name, or "kprobe_events"), when known.</param>
/// <param name="StartLine">1-based line of the report's first line in the console text.</param>
/// <param name="Excerpt">The report with some console context before it.</param>
/// <param name="Pattern">The name of the <see cref="CrashPattern"/> that matched.</param>
/// <param name="GuiltyFrame">The frame the title names, or null.</param>
/// <param name="LoadedProbeModules">Instrumentation modules listed in "Modules linked in:"; loaded is not guilty (see ProbeBlame).</param>
public sealed record CrashReport(
    string Title,
    string Kind,
    Culprit Culprit,
    bool Corrupted,
    string? Probe,
    int StartLine,
    string Excerpt,
    string Pattern,
    string? GuiltyFrame,
    IReadOnlyList<string> LoadedProbeModules)
{
    public CrashInfo ToCrashInfo() => new(Title, Kind, Culprit, Corrupted, Probe, Excerpt);
}

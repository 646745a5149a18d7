namespace ProbeHarness.Verdicts;

/// <summary>A crash seen on a guest console, as triage titled it.</summary>
/// <param name="Title">One stable line naming the bug, syzkaller style (no addresses, no PIDs).</param>
/// <param name="Kind">The crash kind, e.g. "BUG", "WARNING", "PANIC", "LOCKUP", "HANG".</param>
/// <param name="Culprit">Kernel, or the probe engine when instrumentation frames are involved.</param>
/// <param name="Corrupted">The report was truncated or interleaved with other output.</param>
/// <param name="Probe">The probe (module or event) blamed, when it could be recovered.</param>
/// <param name="Excerpt">The console text of the report with some context.</param>
public sealed record CrashInfo(string Title, string Kind, Culprit Culprit, bool Corrupted, string? Probe, string Excerpt);

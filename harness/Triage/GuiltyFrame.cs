using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>Picks the frame a title names: the first one, in printed order, that is not machinery.</summary>
public static class GuiltyFrame
{
    private static readonly Regex Always = GenericFrames.Compile(GenericFrames.Always);
    private static readonly Regex LastResort = GenericFrames.Compile(GenericFrames.LastResort);
    private static readonly Regex Scheduler = GenericFrames.Compile(GenericFrames.Scheduler);

    public static Frame? Choose(IReadOnlyList<Frame> frames, CrashPattern pattern)
    {
        Frame? fallback = null;
        foreach (var f in frames)
        {
            if (f.Questionable || f.IsLink) continue;
            if (pattern.SkipInterrupts && f.InInterrupt) continue;
            if (IsGeneric(f.Function, pattern.SkipScheduler)) continue;
            if (LastResort.IsMatch(f.Function)) { fallback ??= f; continue; }
            return f;
        }
        return fallback;
    }

    public static bool IsGeneric(string function, bool skipScheduler = false) =>
        Always.IsMatch(function) || (skipScheduler && Scheduler.IsMatch(function));
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// Names a crash inside a SystemTap-generated probe handler stably. stap calls each handler
/// probe_NNNN, a number that changes with the script (and embedded C is inlined into it), so two
/// scripts crashing the same way would get different titles. The title names instead:
/// 1. the probe point, "stap probe on FUNCTION", when the stack shows it: the kernel function the
///    kprobe entry machinery was called from (a return probe's handler runs after the probed
///    function returned, so its stack does not show it);
/// 2. otherwise the placeholder "stap probe handler".
/// A crash in SystemTap's runtime (_stp_*, stp_*, enter_kprobe_probe...) keeps the runtime
/// function's name: those names are the same in every module.
/// </summary>
public static partial class StapHandlerName
{
    public const string Placeholder = "stap probe handler";

    [GeneratedRegex(@"^probe_\d+$")]
    private static partial Regex Generated();

    /// <summary>The kprobe entry machinery on each architecture: what it interrupted is the probe point.</summary>
    public static readonly IReadOnlyList<string> KprobeEntry =
    [
        "kprobe_ftrace_handler", "kprobe_int3_handler", "kprobe_breakpoint_handler", "kprobe_handler",
        "kprobe_exceptions_notify", "opt_pre_handler", "optimized_callback", "aggr_pre_handler",
    ];

    private static readonly Regex Entry = GenericFrames.Compile(KprobeEntry);

    /// <summary>A frame of a handler stap generated (probe_NNNN in a stap module).</summary>
    public static bool IsGenerated(Frame f) => ProbeBlame.IsProbeModule(f.Module) && Generated().IsMatch(f.Function);

    /// <summary>The stable name of a generated handler that is the guilty frame of a report with these frames.</summary>
    public static string For(IReadOnlyList<Frame> frames)
    {
        var entry = -1;
        for (var i = 0; i < frames.Count; i++)
            if (!frames[i].Questionable && !frames[i].IsLink && frames[i].Module is null && Entry.IsMatch(frames[i].Function)) { entry = i; break; }
        if (entry < 0) return Placeholder;
        var point = frames.Skip(entry + 1).FirstOrDefault(f =>
            !f.Questionable && !f.IsLink && !f.IsPc && f.Module is null && !ProbeBlame.IsInstrumentation(f) && !GuiltyFrame.IsGeneric(f.Function));
        return point is null ? Placeholder : $"stap probe on {point.Function}";
    }
}

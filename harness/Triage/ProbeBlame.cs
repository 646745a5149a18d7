using System.Text.RegularExpressions;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Triage;

/// <summary>
/// Decides whether instrumentation is to blame for a report.
///
/// Evidence is a frame the unwinder vouches for (not a "?" frame) that belongs to a SystemTap
/// module, to the kprobes/ftrace/rethook machinery, or to the kprobe_events tracer; or a faulting
/// PC inside such a module. That makes the probe engine the culprit.
///
/// A probe module that is merely loaded (listed in "Modules linked in:") but absent from the stack
/// is recorded in <see cref="CrashReport.LoadedProbeModules"/> and does NOT shift the blame: armed
/// kprobes can perturb a kernel without appearing on the stack, but so can anything else loaded,
/// and the harness has a better test than a guess: the same cell run without probes. Stale "?"
/// frames are ignored for the same reason: they are leftovers on the stack, not callers.
///
/// When the caller says which functions were probed, a crash in a probed function (its faulting PC,
/// or the guilty frame) is the probe's too; a probed function merely deeper in the stack is not.
/// The rule and why: <see cref="ProbedFunctions"/>.
/// </summary>
public static partial class ProbeBlame
{
    [GeneratedRegex(@"^stap_\w+$")]
    private static partial Regex StapModule();

    /// <summary>Functions of SystemTap's runtime and generated code.</summary>
    public static readonly IReadOnlyList<string> StapFunctions =
    [
        "_stp_*", "stp_*", "probe_[0-9]*", "enter_kprobe_probe", "enter_kretprobe_probe", "enter_*_probe",
        "systemtap_module_*", "stap_*", "function___global_*", "function_*",
    ];

    /// <summary>The kernel's own probe machinery: a crash under these is a crash in a probe handler.</summary>
    public static readonly IReadOnlyList<string> KprobeMachinery =
    [
        "kprobe_ftrace_handler", "kprobe_int3_handler", "kprobe_breakpoint_handler", "kprobe_handler",
        "kprobe_exceptions_notify", "kprobe_fault_handler", "kprobe_post_process", "opt_pre_handler", "optimized_callback",
        "aggr_pre_handler", "aggr_post_handler", "pre_handler_kretprobe", "kretprobe_trampoline*",
        "__kretprobe_trampoline_handler", "kretprobe_trampoline_handler", "trampoline_probe_handler",
        "arch_rethook_trampoline*", "rethook_*", "__rethook_*", "kprobe_brk_handler", "kprobe_ss_hit",
        "arch_kprobe_*", "fprobe_*",
        // ftrace's register-saving trampoline: a probe on a function's ftrace site runs from it, and
        // on i386 the unwinder vouches only for it ("? kprobe_ftrace_handler" above it is stale-looking).
        "ftrace_regs_call", "ftrace_regs_caller",
    ];

    /// <summary>kprobe_events (tracefs dynamic events): no module, so the probe is named by the tracer.</summary>
    public static readonly IReadOnlyList<string> KprobeEvents =
    [
        "kprobe_dispatcher", "kretprobe_dispatcher", "kprobe_perf_func", "kretprobe_perf_func", "kprobe_trace_func",
        "kretprobe_trace_func", "__kprobe_trace_func", "__kretprobe_trace_func", "trace_kprobe*", "process_fetch_insn*",
        "fetch_store_*", "store_trace_args",
    ];

    private static readonly Regex StapFn = GenericFrames.Compile(StapFunctions);
    private static readonly Regex Machinery = GenericFrames.Compile(KprobeMachinery);
    private static readonly Regex Events = GenericFrames.Compile(KprobeEvents);

    /// <summary>A frame of a probe module, of the kprobes machinery or of the kprobe_events tracer.</summary>
    public static bool IsInstrumentation(Frame f) =>
        IsProbeModule(f.Module)
        || (f.Module is not null && StapFn.IsMatch(f.Function))
        || (f.Module is null && (Machinery.IsMatch(f.Function) || Events.IsMatch(f.Function)));

    public static bool IsProbeModule(string? module) => module is not null && StapModule().IsMatch(module);

    /// <summary>
    /// Who is to blame for a report with these frames. <paramref name="guilty"/> (the frame the title
    /// names) and <paramref name="probed"/> (the functions probes were placed on) add the probed-function
    /// rule documented on <see cref="ProbedFunctions"/>; <paramref name="loadedProbeModules"/> names the
    /// probe then, when exactly one instrumentation module was loaded.
    /// </summary>
    public static (Culprit Culprit, string? Probe) Judge(IReadOnlyList<Frame> frames, Frame? guilty = null,
        ProbedFunctions? probed = null, IReadOnlyList<string>? loadedProbeModules = null)
    {
        var vouched = frames.Where(f => !f.Questionable).ToList();
        var stap = vouched.FirstOrDefault(f => IsProbeModule(f.Module) || (f.Module is not null && StapFn.IsMatch(f.Function)));
        if (stap is not null) return (Culprit.ProbeEngine, stap.Module);

        var machinery = vouched.FindIndex(f => f.Module is null && (Machinery.IsMatch(f.Function) || Events.IsMatch(f.Function)));
        if (machinery >= 0)
        {
            // The handler is what the machinery called: printed before it (callees come first),
            // and it lives in a module unless it is the kprobe_events tracer.
            var handler = vouched.Take(machinery).LastOrDefault(f => f.Module is not null);
            if (handler is not null) return (Culprit.ProbeEngine, handler.Module);
            var tracer = vouched.Any(f => f.Module is null && Events.IsMatch(f.Function));
            if (tracer) return (Culprit.ProbeEngine, "kprobe_events");
            // The probed function is the machinery's caller: the first non-machinery frame printed after it.
            var caller = vouched.Skip(machinery + 1).FirstOrDefault(f => !IsInstrumentation(f));
            return (Culprit.ProbeEngine, caller is not null && probed?.Contains(caller.Function) == true ? Named(caller, loadedProbeModules) : null);
        }

        if (probed is null) return (Culprit.Kernel, null);
        var pc = vouched.FirstOrDefault(f => f.IsPc);
        if (pc is not null && probed.Contains(pc.Function)) return (Culprit.ProbeEngine, Named(pc, loadedProbeModules));
        if (guilty is not null && !guilty.Questionable && probed.Contains(guilty.Function))
            return (Culprit.ProbeEngine, Named(guilty, loadedProbeModules));
        return (Culprit.Kernel, null);
    }

    /// <summary>The probe on a probed function: the one probe module loaded, else "kprobe:FUNCTION".</summary>
    private static string Named(Frame probedFrame, IReadOnlyList<string>? loaded) =>
        loaded is [var only] ? only : $"kprobe:{probedFrame.Function}";
}

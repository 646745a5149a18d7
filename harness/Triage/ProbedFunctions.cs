namespace ProbeHarness.Triage;

/// <summary>
/// The kernel functions the probes of a run were placed on, for blaming a crash on the probe when
/// the crash is in the probed function itself. Names are normalised like frames
/// ("do_sys_openat2+0x5" and "foo.isra.0" match the frames "do_sys_openat2" and "foo").
///
/// The rule (see <see cref="ProbeBlame.Judge"/>): a probed function blames the probe engine only
/// when it is where the crash happened, i.e.
/// 1. it is the faulting PC (RIP/pc/NIP line): the patched instruction, the single-step or the
///    optimised jump of a kprobe sits in that function; or
/// 2. it is the guilty frame, the one the title names: the first frame that is not reporting,
///    trap, interrupt or entry machinery.
/// Adjacency to the kprobe machinery (kprobe_ftrace_handler, rethook, ...) already blames the
/// engine by itself; there a probed neighbour only names the probe.
/// A probed function deeper in the stack (a caller of the guilty frame), or in a "?" frame the
/// unwinder does not vouch for, does NOT blame the probe: a probe on do_sys_openat2 is on the
/// stack of every crash under open(2), and most of those are not its doing.
/// </summary>
public sealed class ProbedFunctions
{
    private readonly HashSet<string> names;

    public ProbedFunctions(IEnumerable<string> functions) =>
        names = functions.Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(FunctionName.Normalise)
            .ToHashSet(StringComparer.Ordinal);

    public static ProbedFunctions? From(IReadOnlyCollection<string>? functions) =>
        functions is null || functions.Count == 0 ? null : new ProbedFunctions(functions);

    public bool Contains(string function) => names.Contains(function);

    public int Count => names.Count;
}

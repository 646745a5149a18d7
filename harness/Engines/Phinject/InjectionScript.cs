using System.Text;
using ProbeHarness.Kernels;
using ProbeHarness.Shell;

namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// The guest side of an injection: load the module with the script's function, value and rule,
/// run the workload with $PHINJECT_ARM naming the module's pid parameter (the workload arms
/// itself for exactly the call it tests, see vmimages/workloads/phfault.c), then print what it
/// printed, the module's counts and whether the kernel took a taint that matters.
/// </summary>
public static class InjectionScript
{
    /// <summary>Exit status when the module would not load (the function cannot be probed, say).</summary>
    public const int Refused = 90;

    public const string Parameters = "/sys/module/phinject/parameters";

    /// <summary>The taint bits that mean the kernel is hurt (<see cref="Taint.Matters"/>), as one mask.</summary>
    public static ulong TroubleMask => Taint.Matters.Aggregate(0UL, (m, f) => m | 1UL << f.Bit);

    public static string For(InjectionSpec spec, string guestModule, string workload)
    {
        var s = new StringBuilder();
        s.AppendLine($"P={Parameters}");
        s.AppendLine("before=$(cat /proc/sys/kernel/tainted)");
        s.AppendLine($"insmod {guestModule} func={spec.Function} value={spec.Returns} rule={spec.Rule.ModuleValue} "
                     + $"|| {{ echo \"phinject refused: {spec.Function}: $(dmesg | grep phinject: | tail -n 1)\" >&2; exit {Refused}; }}");
        s.AppendLine($"PHINJECT_ARM=$P/pid sh -c 'eval \"exec $1\"' ph-workload {Sh.Quote(workload)}");
        s.AppendLine("rc=$?");
        s.AppendLine("echo 0 > $P/pid");
        s.AppendLine("echo \"calls=$(cat $P/calls) injected=$(cat $P/injected)\"");
        s.AppendLine("after=$(cat /proc/sys/kernel/tainted)");
        s.AppendLine($"new=$(( after & ~before & {TroubleMask} ))");
        s.AppendLine("if [ \"$new\" -eq 0 ]; then echo 'kernel: survived'; else echo \"kernel: new taint $new\"; fi");
        s.AppendLine("rmmod phinject || echo 'phinject: rmmod failed' >&2");
        s.AppendLine("dmesg | grep 'phinject:' >&2");
        s.AppendLine("exit $rc");
        return s.ToString();
    }
}

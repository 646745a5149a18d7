using ProbeHarness.Exporters;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters;

/// <summary>A fixed run touching every state, two cells, a repeated crash and hostile console text.</summary>
internal static class SampleRun
{
    public static readonly DejaGnuOptions Options = new(User: "tester", Triplet: "x86_64-pc-linux-gnu");

    public static readonly Cell X86 = new("x86_64", "6.1.0-53-amd64", "systemtap");
    public static readonly Cell Arm = new("arm64", "6.1.0-53-arm64", "kprobe_events");

    public static RunInfo Info => new("20250105-080644-ab12", "probes",
        new DateTimeOffset(2025, 1, 5, 8, 6, 44, TimeSpan.Zero), "builder1", "/runs/20250105-080644-ab12", "0.1.0");

    private static readonly CrashInfo NullDeref = new(
        "BUG: kernel NULL pointer dereference in do_sys_openat2", "BUG", Culprit.ProbeEngine, false, "stap_1234",
        "BUG: kernel NULL pointer dereference, address: 0000000000000008\nRIP: 0010:do_sys_openat2+0x4a/0x120\n```\nCall Trace:\n <TASK>\n");

    private static readonly CrashInfo Lockup = new(
        "watchdog: BUG: soft lockup in kprobe_ftrace_handler", "LOCKUP", Culprit.Kernel, true, null,
        "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [getpid:99]\n\u001b[31mRIP\u001b[0m: kprobe_ftrace_handler");

    public static IReadOnlyList<TestResult> Results =>
    [
        new("probes", "getpid", X86, TestState.Pass, Culprit.None, null, TimeSpan.FromMilliseconds(1234), "hits=10\n"),
        new("probes", "getpid", Arm, TestState.Pass, Culprit.None, null, TimeSpan.FromMilliseconds(2500), "hits=10\n"),
        new("probes", "openat", X86, TestState.Fail, Culprit.ProbeEngine, "guest crashed (BUG)", TimeSpan.FromSeconds(9),
            "staprun: starting\n\u0000\u0007\u001b[1mFAIL: not a result line\u001b[0m\n", NullDeref, "/runs/x/openat.console"),
        new("probes", "openat", Arm, TestState.Fail, Culprit.ProbeEngine, "guest crashed (BUG)", TimeSpan.FromSeconds(11),
            "", NullDeref, "/runs/x/openat-arm.console"),
        new("probes", "kretprobe-maxactive", X86, TestState.XFail, Culprit.ProbeEngine, "skipped probes under TCG, PR 1234",
            TimeSpan.FromSeconds(3), "WARNING: Number of errors: 0, skipped probes: 25\n"),
        new("probes", "fault-inject", X86, TestState.XPass, Culprit.None, "expected ENOMEM", TimeSpan.FromSeconds(4), "ok\n"),
        new("probes", "optprobe", Arm, TestState.KFail, Culprit.Kernel, "bug 42: soft lockup with ftrace", TimeSpan.FromSeconds(30),
            "", Lockup),
        new("probes", "uprobe", Arm, TestState.KPass, Culprit.None, "bug 77", TimeSpan.FromSeconds(2), ""),
        new("probes", "boot", Arm, TestState.Unresolved, Culprit.Infrastructure, "qemu exited with signal 9 | <oom>",
            TimeSpan.FromSeconds(60), ""),
        new("probes", "riscv-only", X86, TestState.Untested, Culprit.None, "needs riscv64 kernel", TimeSpan.Zero, ""),
        new("probes", "guru-return", Arm, TestState.Unsupported, Culprit.None, "no -dbg vmlinux for arm64", TimeSpan.Zero, ""),
    ];

    public static RunReport Report => new(Info, Results, 1);
}

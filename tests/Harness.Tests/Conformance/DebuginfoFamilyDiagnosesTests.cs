using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

/// <summary>
/// "Needs kernel debuginfo" only where the point that failed needs DWARF. Every stderr here is
/// SystemTap 4.8's own (stap -p2 -r against the harness's x86_64 6.1.0-57 build tree before it had
/// its source link, so no tracepoint resolved; the real System.map in the tree).
/// </summary>
public class DebuginfoFamilyDiagnosesTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // Names as the kernel's real System.map has them (x86_64: data symbols too; arm64: text only).
    private static readonly HashSet<string> X86Map = ["__tracepoint_sched_switch", "__traceiter_sched_switch", "__tracepoint_sys_enter", "__traceiter_sys_enter", "vfs_read"];
    private static readonly HashSet<string> Arm64Map = ["__traceiter_sched_switch", "__traceiter_sys_enter", "vfs_read"];
    private static readonly HashSet<string> MapWithoutTracepoints = ["vfs_read"];

    private const string Tracepoint = """
        semantic error: while resolving probe point: identifier 'kernel' at trace.stp:1:7
                source: probe kernel.trace("sched_switch") { printf("%d\n", $next->pid) }
                              ^

        semantic error: no match

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    // errsnoop.stp (probe syscall.*): the syscall tapset's tracepoint fallback, tp_syscall.clone.
    private const string SyscallTracepointAlias = """
        semantic error: while resolving probe point: identifier 'kernel' at /usr/share/systemtap/tapset/linux/sysc_clone.stp:131:26
                source: probe tp_syscall.clone = kernel.trace("sys_enter")
                                                 ^

        semantic error: no match

        Pass 2: analysis failed.  [man error::pass2]
        Number of similar error messages suppressed: 4.
        Rerun with -v to see them.
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private const string KernelFunction = """
        semantic error: while resolving probe point: identifier 'kernel' at kfunc.stp:1:7
                source: probe kernel.function("vfs_read") { printf("x\n") }
                              ^

        semantic error: missing x86_64 kernel/module debuginfo [man warning::debuginfo] under '/root/.cache/probe-harness/build-trees/2626b4f1bbc4a40dd1e6f174'

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private const string KprobeLacking = """
        semantic error: while resolving probe point: identifier 'kprobe' at kprobe.stp:1:7
                source: probe kprobe.function("no_such_function_here") { printf("x\n") }
                              ^

        semantic error: no match (similar functions: action_parse, byt_get_function_name, call_function_init, chv_get_function_name, in_lock_functions)

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private const string CastWithoutTypes = """
        semantic error: type definition 'task_struct' not found in 'kernel': operator '@cast' at cast.stp:1:30
                source: probe begin { printf("%d\n", @cast(0, "task_struct", "kernel")->pid) }
                                                     ^

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private const string TimerScriptError = """
        semantic error: unresolved function no_such_function (similar: ctime, pn, tid, htonl, htons): identifier 'no_such_function' at timer.stp:1:35
                source: probe timer.s(1) { printf("%d\n", no_such_function()) }
                                                          ^

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private static StapDiagnosis Of(string stderr, HashSet<string>? map) =>
        StapDiagnoses.Of(1, stderr, false, Minute, ProbeSources.Host, map is null ? null : map.Contains);

    [TestCase(Tracepoint, "kernel.trace(\"sched_switch\")", "sched_switch")]
    [TestCase(SyscallTracepointAlias, "kernel.trace(\"sys_enter\")", "sys_enter")]
    public void A_tracepoint_the_kernel_has_is_a_rejection_that_says_no_debuginfo_was_needed(string stderr, string point, string name)
    {
        foreach (var map in new[] { X86Map, Arm64Map })
        {
            var d = Of(stderr, map);
            Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected), d.Reason);
            Assert.That(d.Reason, Does.StartWith($"{point} needs no debuginfo, and the kernel has the tracepoint {name}").And.Not.Contains("needs kernel debuginfo"));
        }
    }

    [Test]
    public void Without_a_map_that_can_tell_a_failed_tracepoint_is_still_no_missing_debuginfo()
    {
        foreach (var map in new[] { MapWithoutTracepoints, null })
        {
            var d = Of(SyscallTracepointAlias, map);
            Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
            Assert.That(d.Reason, Does.StartWith("kernel.trace(\"sys_enter\") needs no debuginfo: pass 2: semantic error"));
        }
    }

    [Test]
    public void A_tracepoint_the_kernels_map_lacks_is_unsupported()
    {
        foreach (var map in new[] { X86Map, Arm64Map })
        {
            var d = Of(Tracepoint.Replace("sched_switch", "kvm_entry"), map);
            Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported));
            Assert.That(d.Reason, Does.StartWith("needs a tracepoint this kernel lacks (kvm_entry is not in its System.map)"));
        }
    }

    [Test]
    public void A_kernel_function_needs_debuginfo() =>
        Assert.That(Of(KernelFunction, X86Map), Has.Property("Kind").EqualTo(StapVerdictKind.Unsupported)
            .And.Property("Reason").StartsWith("needs kernel debuginfo"));

    [Test]
    public void A_cast_without_types_needs_debuginfo() =>
        Assert.That(Of(CastWithoutTypes, X86Map), Has.Property("Kind").EqualTo(StapVerdictKind.Unsupported)
            .And.Property("Reason").StartsWith("needs kernel debuginfo (@cast types)"));

    [Test]
    public void A_kprobe_on_a_function_the_kernel_lacks_is_a_rejection_saying_so()
    {
        var d = Of(KprobeLacking, X86Map);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(d.Reason, Does.StartWith("the kernel lacks the probed function kprobe.function(\"no_such_function_here\")"));
    }

    [Test]
    public void A_script_error_in_a_timer_probe_is_a_plain_rejection() =>
        Assert.That(Of(TimerScriptError, X86Map), Has.Property("Kind").EqualTo(StapVerdictKind.Rejected)
            .And.Property("Reason").StartsWith("pass 2: semantic error: unresolved function"));

    [TestCase("kernel.trace(\"sys_enter\")", true)]
    [TestCase("tp_syscall.clone", true)]
    [TestCase("nd_syscall.open", true)]
    [TestCase("kprobe.function(\"vfs_read\").return", true)]
    [TestCase("timer.s(1)", true)]
    [TestCase("begin", true)]
    [TestCase("end", true)]
    [TestCase("kernel.function(\"vfs_read\")", false)]
    [TestCase("module(\"ext4\").function(\"*\")", false)]
    [TestCase("syscall.open", false)]     // dw_syscall.open first: DWARF, with a fallback
    [TestCase("scheduler.cpu_on", false)]
    [TestCase("process(\"/bin/ls\").function(\"main\")", false)]
    public void Families_that_need_no_debuginfo(string point, bool none) =>
        Assert.That(ProbeSources.Host.NeedsNoDebuginfo(point), Is.EqualTo(none));
}

using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

/// <summary>test_support lines of SystemTap 4.8's examples, judged before their result is read.</summary>
public class SupportExpectationTests
{
    private static readonly HashSet<string> Map =
    [
        "__tracepoint_sched_switch", "__tracepoint_sched_wakeup", "__tracepoint_irq_handler_entry", "__tracepoint_irq_handler_exit",
        "__tracepoint_mm_page_alloc", "__tracepoint_mm_page_free", "__traceiter_net_dev_queue", "__traceiter_net_dev_xmit",
        "__traceiter_sched_switch", "vfs_read", "input_event",
    ];

    private static bool? Passes(string line, HashSet<string>? map = null) =>
        SupportExpectation.Of(line, map ?? Map, ProbeSources.Host).Passes;

    [TestCase("stap -l 'kernel.trace(\"sched_switch\")' && stap -l 'kernel.trace(\"sched_wakeup\")'")]
    [TestCase("stap -l 'kernel.trace(\"sched_switch\")' && stap -l 'kernel.trace(\"irq_handler_entry\")!, kernel.trace(\"irq_entry\")' && stap -l 'kernel.trace(\"irq_handler_exit\")!, kernel.trace(\"irq_exit\")'")]
    [TestCase("(stap -l 'kernel.trace(\"mm_page_alloc\")' || stap -l 'kernel.trace(\"mm_page_allocation\")') && (stap -l 'kernel.trace(\"mm_page_free\")' || stap -l 'kernel.trace(\"mm_page_free_direct\")')")]
    [TestCase("stap -l 'kernel.trace(\"net_dev_queue\")' && stap -l 'kernel.trace(\"net_dev_xmit\")'")]
    [TestCase("stap -l 'kprobe.function(\"vfs_read\")'")]
    public void Tracepoints_and_kprobes_the_kernel_has_are_expected_to_list(string line) =>
        Assert.That(Passes(line), Is.True);

    [TestCase("stap -l 'kernel.trace(\"kvm_entry\")' && stap -l 'kernel.trace(\"kvm_exit\")'")]
    [TestCase("(stap -l 'kernel.trace(\"mm_page_alloc\")' || stap -l 'kernel.trace(\"mm_page_allocation\")') && stap -l 'kernel.trace(\"mm_anon_fault\")'")]
    [TestCase("stap -l 'kernel.function(\"input_event\")'")]
    [TestCase("stap -l 'kprobe.function(\"therm_throt_process\")'")]
    [TestCase("stap -l 'module(\"st\").function(\"st_do_scsi\")!,kernel.function(\"st_do_scsi\")'")]
    [TestCase("stap -l 'process(\"/usr/lib*/libtcl*\").mark(\"*\")'")]
    [TestCase("stap -l 'vfs.open.return'")]
    public void What_the_kernel_lacks_or_needs_debuginfo_is_expected_to_fail(string line) =>
        Assert.That(Passes(line), Is.False);

    [TestCase("stap -l 'kernel.trace(\"mm_*reclaim*\")'")]          // a glob: not one name
    [TestCase("stap -p4 sched-latency.stp")]                         // a script: read from stap's message
    [TestCase("which /usr/bin/pstack")]
    [TestCase("stap -l 'qemu.*.*.*?' || stap -l 'qemu.kvm.*?'")]
    [TestCase("stap -l 'kernel.trace(\"sched_switch\")' && rpm -q findutils-debuginfo")]
    public void Anything_else_is_unknown(string line) =>
        Assert.That(Passes(line), Is.Null);

    [Test]
    public void Without_a_map_or_with_one_that_shows_no_tracepoints_nothing_is_expected()
    {
        Assert.That(SupportExpectation.Of("stap -l 'kernel.trace(\"sched_switch\")'", null, ProbeSources.Host).Passes, Is.Null);
        Assert.That(Passes("stap -l 'kernel.trace(\"sched_switch\")'", ["vfs_read"]), Is.Null);
    }

    [Test]
    public void The_points_that_decide_are_named() =>
        Assert.That(SupportExpectation.Of("stap -l 'kernel.trace(\"sched_switch\")' && stap -l 'kernel.trace(\"sched_wakeup\")'", Map, ProbeSources.Host).Points,
            Is.EqualTo(new[] { "kernel.trace(\"sched_switch\")", "kernel.trace(\"sched_wakeup\")" }));
}

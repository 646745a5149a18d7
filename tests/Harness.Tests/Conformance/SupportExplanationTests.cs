using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class SupportExplanationTests
{
    private static readonly HashSet<string> Map = ["input_event", "finish_task_switch.isra.0", "__tracepoint_sched_switch", "vfs_read"];

    [TestCase("stap -l 'kernel.function(\"tty_do_resize\")' && stap -l 'kernel.function(\"input_event\")'",
        "the kernel has no function tty_do_resize (not in its System.map); needs kernel debuginfo (input_event is in the kernel's System.map; stap lists kernel.function points only with DWARF)")]
    [TestCase("stap -l 'kernel.function[\"finish_task_switch\"]'",
        "needs kernel debuginfo (finish_task_switch is in the kernel's System.map; stap lists kernel.function points only with DWARF)")]
    [TestCase("stap -l 'kernel.trace(\"kvm_entry\")' && stap -l 'kernel.trace(\"sched_switch\")'",
        "the kernel image has no tracepoint kvm_entry (absent, or a module's)")]
    [TestCase("stap -l 'kprobe.function(\"therm_throt_process\")'", "the kernel has no function therm_throt_process (not in its System.map)")]
    [TestCase("stap -l 'module(\"st\").function(\"st_do_scsi\")!,kernel.function(\"st_do_scsi\")'",
        "module(\"st\").function points need the module's debuginfo; the kernel has no function st_do_scsi (not in its System.map)")]
    [TestCase("stap -l 'process(\"/usr/lib*/libtcl*\").mark(\"*\")'", "process(\"/usr/lib*/libtcl*\") needs that program (and its markers) on the host")]
    public void Names_what_the_kernel_lacks_or_what_stap_needs(string line, string expected) =>
        Assert.That(SupportExplanation.Explain(line, Map.Contains), Is.EqualTo(expected));

    [TestCase("stap -l 'qemu.*.*.*?' || stap -l 'qemu.kvm.*?'")]
    [TestCase("stap -l 'kernel.trace(\"sched_switch\")'")]
    [TestCase("which /usr/bin/pstack")]
    public void Says_nothing_where_the_map_cannot_tell(string line) =>
        Assert.That(SupportExplanation.Explain(line, Map.Contains), Is.Null);

    [Test]
    public void Without_a_system_map_kernel_functions_need_debuginfo() =>
        Assert.That(SupportExplanation.Explain("stap -l 'kernel.function(\"kbd_event\")'", null), Is.EqualTo("kernel.function points need kernel debuginfo"));

    [Test]
    public void Reads_names_from_a_system_map_with_module_columns()
    {
        var f = Path.Combine(TestTree.Scratch("map"), "System.map");
        File.WriteAllText(f, "ffffffff81000000 T _stext\nffffffffc0000000 t kvm_entry_fn\t[kvm]\n");
        Assert.That(SupportExplanation.NamesOf(f), Is.EquivalentTo(new[] { "_stext", "kvm_entry_fn" }));
    }
}

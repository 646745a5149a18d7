using NUnit.Framework;
using ProbeHarness.Coverage;

namespace ProbeHarness.Tests.Coverage;

/// <summary>Reading stap's alias dump and listing into a family's coverage (the real stap runs in NightlyRunTests).</summary>
public class TapsetCoverageTests
{
    private const string Dump = """
        kprocess.create = tp_kprocess.create!, dw_kprocess.create
        kprocess.exec = syscall.execve
        kprocess.exit = kernel.function("do_exit")
        kprocess.release = kernel.function("release_task")
        __syscall.accept = kernel.function("sys_accept").call
        nd_syscall.open = __nd_syscall.open ?, __nd_syscall.openat ?
        nd_syscall.open.return = __nd_syscall.open.return ?
        """;

    [Test]
    public void Candidates_are_the_dumped_alias_names_without_internal_ones()
    {
        Assert.That(TapsetCoverage.AliasNames(Dump), Is.EqualTo(new[]
            { "kprocess.create", "kprocess.exec", "kprocess.exit", "kprocess.release", "nd_syscall.open", "nd_syscall.open.return" }));
    }

    [Test]
    public void Only_the_familys_own_names_count_as_resolved()
    {
        // stap -l also prints the points behind an alias, from other families.
        const string listed = "kprobe.function(\"__x64_sys_execve\").call?\nkprocess.create\nkprocess.exec\nnd_syscall.execve.return\nsyscall.execve.return\n";
        var p = TapsetCoverage.Of("kprocess", TapsetCoverage.AliasNames(Dump), listed);
        Assert.Multiple(() =>
        {
            Assert.That(p.Family, Is.EqualTo("systemtap kprocess aliases"));
            Assert.That(p.Candidates, Is.EqualTo(4));
            Assert.That(p.Resolved, Is.EqualTo(new[] { "kprocess.create", "kprocess.exec" }));
            Assert.That(p.Share, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void A_family_nothing_of_which_resolves_has_no_points_and_a_prefix_is_not_a_family()
    {
        var p = TapsetCoverage.Of("nd_sys", TapsetCoverage.AliasNames(Dump), "");
        Assert.That((p.Candidates, p.Resolved.Count), Is.EqualTo((0, 0)));
        Assert.That(TapsetCoverage.Of("nd_syscall", TapsetCoverage.AliasNames(Dump), "").Candidates, Is.EqualTo(2));
    }

    [Test]
    public void Tracepoints_are_the_kernels_own_and_resolve_by_name_whatever_the_system()
    {
        string[] map =
        [
            "ffffffff82a3b0c0 D __tracepoint_sched_switch",
            "ffffffff82a3b120 D __tracepoint_sched_process_fork",
            "ffffffff82a3b180 D __tracepoint_sys_enter",
            "ffffffff8112a8f0 r __tracepoint_ptr_sched_switch",
            "ffffffff8112a900 T __traceiter_sched_switch",
            "ffffffff8112a980 T __traceiter_irq_handler_entry",
            "ffffffff82a3b1e0 d __tracepoint_",
        ];
        // A module's tracepoint is listed too (no candidate); a line of another family is not a tracepoint.
        const string listed = "kernel.trace(\"sched:sched_switch\")\nkernel.trace(\"raw_syscalls:sys_enter\")\n"
            + "kernel.trace(\"kvm:kvm_exit\")\nkernel.function(\"sched_process_fork\")\n";
        var p = TapsetCoverage.TracepointsOf(map, listed);
        Assert.Multiple(() =>
        {
            Assert.That(p.Family, Is.EqualTo("systemtap kernel.trace points"));
            Assert.That(p.Candidates, Is.EqualTo(4));
            Assert.That(p.Resolved, Is.EqualTo(new[] { "sched_switch", "sys_enter" }));
        });
    }

    [Test]
    public void A_build_tree_that_hides_the_tracepoints_shows_as_none_resolved()
    {
        // What a tree without the headers' source link gave: stap listed nothing.
        var p = TapsetCoverage.TracepointsOf(["ffffffff82a3b0c0 D __tracepoint_sched_switch"], "");
        Assert.That((p.Candidates, p.Resolved.Count, p.Share), Is.EqualTo((1, 0, 0.0)));
    }

    [Test]
    public void A_map_without_data_symbols_still_names_the_tracepoints_by_their_text_symbols()
    {
        // Debian's arm64 kallsyms has no data symbols (no KALLSYMS_ALL): only __traceiter_NAME.
        var p = TapsetCoverage.TracepointsOf(["ffff800008123450 T __traceiter_sched_switch", "ffff800008123500 t sched_switch_x"],
            "kernel.trace(\"sched:sched_switch\")\n");
        Assert.That((p.Candidates, p.Resolved), Is.EqualTo((1, new[] { "sched_switch" })).Using<(int, IReadOnlyList<string>)>(
            (a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2)));
    }
}

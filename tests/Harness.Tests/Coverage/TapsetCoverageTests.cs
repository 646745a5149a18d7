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
}

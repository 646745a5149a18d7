using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class ProbeSourcesTests
{
    private static readonly ProbeSources Sources = ProbeSources.Parse([
        """
        # a comment naming probe kprobe.function("x")
        @define args(ptr)
        %(
            @cast(@ptr, "nfsd_readargs", "kernel:nfsd") %( 1 %? 2 %: 3 %)
        %)
        %{ /* embedded C: probe kernel.trace("no") { */ %}
        probe a.one = kernel.function("f").return ?, module("m").statement("g@x.c:1") { }
        probe a.two = kprobe.function("f") { }
        probe a.three = %( kernel_v >= "2.6.30" %? kernel.function("new") %: kernel.function("old") %) { }
        probe a.four = %( kernel_v >= "2.6.30" %? kernel.trace("new") %: kernel.function("old") %) { }
        probe a.all = a.one, a.three { }
        probe loop.x = loop.y { }
        probe loop.y = loop.x { }
        function f(x) { if (x) { return "probe kprobe.function(\"nothing\")" } }
        """]);

    [TestCase("kernel.function(\"vfs_read\")", true)]
    [TestCase("module(\"ext4\").function(\"ext4_x\").return", true)]
    [TestCase("{kernel,module(\"ext4\")}.function(\"x\").return", true)]
    [TestCase("kernel.trace(\"sched_switch\")", false)]
    [TestCase("kprobe.function(\"vfs_read\")", false)]
    [TestCase("a.one", true)]
    [TestCase("a.one.return", true)]
    [TestCase("a.two", false)]
    [TestCase("a.three", true)] // both branches of a preprocessor condition count
    [TestCase("a.four", false)]
    [TestCase("a.*", false)]
    [TestCase("a.all", true)]
    [TestCase("loop.x", false)]
    [TestCase("nosuch.alias", false)]
    [TestCase("begin", false)]
    public void Tells_which_points_need_kernel_DWARF(string point, bool dwarf) =>
        Assert.That(Sources.NeedsKernelDwarf(point), Is.EqualTo(dwarf));

    [Test]
    public void A_scripts_probes_are_its_non_alias_heads_brace_expanded()
    {
        var s = Sources.With("""
            probe mine = a.one { }
            probe {kernel,module("ext4")}.function("x") ?, mine if (1 > 0) { }
            probe begin { println("probe kernel.function(\"y\")") }
            """);
        Assert.That(s.Probed, Is.EqualTo(new[] { "kernel.function(\"x\")", "module(\"ext4\").function(\"x\")", "mine", "begin" }));
        Assert.That(s.AllProbedNeedKernelDwarf, Is.False);
        Assert.That(Sources.With("probe {kernel,module(\"ext4\")}.function(\"x\") ?, a.one { }").AllProbedNeedKernelDwarf, Is.True);
    }

    [Test]
    public void The_hosts_tapsets_know_the_DWARF_aliases()
    {
        if (!Directory.Exists("/usr/share/systemtap/tapset")) Assert.Ignore("no SystemTap installed on this host");
        Assert.That(ProbeSources.Host.NeedsKernelDwarf("scheduler.cpu_on"), Is.True);
        Assert.That(ProbeSources.Host.NeedsKernelDwarf("nfsd.proc3.lookup"), Is.True);
        Assert.That(ProbeSources.Host.NeedsKernelDwarf("nfsd.proc.*"), Is.True);
        Assert.That(ProbeSources.Host.NeedsKernelDwarf("begin"), Is.False);
        Assert.That(ProbeSources.Host.Probed, Is.Empty);
    }
}

using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class StapBuilderArgumentsTests
{
    [Test]
    public void Host_build_with_patched_runtime()
    {
        var r = new StapBuildRequest("/s/t.stp", "/tree", "stap_t", "/out") { RuntimeDirectory = "/rt" };
        Assert.That(StapBuilder.Arguments(r), Is.EqualTo(new[] { "-p4", "-r", "/tree", "-R", "/rt", "-m", "stap_t", "/s/t.stp" }));
    }

    [Test]
    public void Cross_guru_build_with_extra_args_keeps_the_script_last()
    {
        var r = new StapBuildRequest("/s/t.stp", "/tree", "stap_t", "/out")
        {
            Arch = ArchTable.Get(ArchTable.HostName == "arm64" ? "x86_64" : "arm64"),
            Guru = true,
            ExtraArgs = ["-DSTP_NO_OVERLOAD"],
        };
        var args = StapBuilder.Arguments(r);
        Assert.That(args, Does.Contain("-a").And.Contain("-g").And.Contain("-DSTP_NO_OVERLOAD"));
        Assert.That(args[^1], Is.EqualTo("/s/t.stp"));
        if (r.Arch.CrossCompilePrefix.Length > 0)
            Assert.That(args, Does.Contain($"CROSS_COMPILE={r.Arch.CrossCompilePrefix}"));
    }

    [Test]
    public void Host_arch_adds_no_cross_options() =>
        Assert.That(StapBuilder.Arguments(new StapBuildRequest("/t.stp", "/tree", "m", "/o") { Arch = ArchTable.Get(ArchTable.HostName) }),
            Does.Not.Contain("-a"));

    [TestCase("Stap-Bad")]
    [TestCase("9abc")]
    [TestCase("a_name_that_is_far_too_long_for_the_kernel_module_name_limit")]
    public void Bad_module_names_are_refused(string name) =>
        Assert.That(() => new StapBuildRequest("/t.stp", "/tree", name, "/o").Validate(), Throws.ArgumentException);

    [Test]
    public void Pass5_is_refused_so_nothing_loads_on_the_host() =>
        Assert.That(() => new StapBuildRequest("/t.stp", "/tree", "m", "/o") { LastPass = 5 }.Validate(),
            Throws.ArgumentException.With.Message.Contains("pass 5"));

    [Test]
    public void Unnamed_build_omits_m_so_stap_caches_the_module() =>
        Assert.That(StapBuilder.Arguments(new StapBuildRequest("/t.stp", "/tree", null, "/o")), Does.Not.Contain("-m"));

    [Test]
    public void Module_path_is_read_from_stdout()
    {
        // stdout of an unnamed stap -p4, captured with SYSTEMTAP_DIR=/tmp/stapwork/sdir2
        const string stdout = "/tmp/stapwork/sdir2/cache/d8/stap_d87eceff35c1982dd8bc14af1668638d_969.ko\n";
        Assert.That(StapBuilder.ModulePrinted(stdout, "/o"), Is.EqualTo("/tmp/stapwork/sdir2/cache/d8/stap_d87eceff35c1982dd8bc14af1668638d_969.ko"));
        Assert.That(StapBuilder.ModulePrinted("stap_t.ko\n", "/o"), Is.EqualTo("/o/stap_t.ko"));
        Assert.That(StapBuilder.ModulePrinted("", "/o"), Is.Null);
    }
}

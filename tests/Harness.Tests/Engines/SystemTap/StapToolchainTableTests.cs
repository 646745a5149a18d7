using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class StapToolchainTableTests
{
    [Test]
    public void Bookworm_builds_with_the_hosts_stap_and_trixie_with_its_own_in_a_container()
    {
        Assert.That(StapToolchainTable.ForDistro("bookworm"), Has.Property("OnHost").True.And.Property("StapVersion").EqualTo("4.8"));
        var trixie = StapToolchainTable.ForDistro("trixie");
        Assert.That(trixie.OnHost, Is.False);
        Assert.That(trixie.Toolchain, Is.EqualTo("trixie-stap"));
        Assert.That(trixie.StapVersion, Is.EqualTo("5.1"));
    }

    [Test]
    public void A_users_own_kernel_uses_the_host()
    {
        Assert.That(StapToolchainTable.ForDistro("local").OnHost, Is.True);
    }

    [TestCase("6.1.0-56-amd64", "bookworm")]
    [TestCase("6.1.0-47-cloud-amd64", "bookworm")]
    [TestCase("6.12.118+deb13-amd64", "trixie")]
    [TestCase("6.12.48+deb13-arm64", "trixie")]
    [TestCase("6.12.117+deb12-amd64", "bookworm")]
    [TestCase("6.8.0-45-generic", null)]
    [TestCase("6.13.0-rc1", null)]
    public void The_distribution_of_a_release(string release, string? distro)
    {
        Assert.That(StapToolchainTable.DistroOfRelease(release), Is.EqualTo(distro));
    }

    [Test]
    public void Every_distribution_has_a_row_and_every_container_row_a_recipe()
    {
        foreach (var d in DistroTable.All)
            Assert.That(StapToolchainTable.All.Select(c => c.Distro), Does.Contain(d.Name));
        foreach (var c in StapToolchainTable.All.Where(c => !c.OnHost))
            Assert.That(ToolchainRecipe.Get(c.Toolchain).Packages, Does.Contain("systemtap"), c.Toolchain);
    }

    [Test]
    public void Each_toolchains_stap_has_its_runtime_patch_for_its_distros_newest_kernel()
    {
        var catalog = RuntimePatchCatalog.Default();
        Assert.That(catalog.NeededBy("4.8", KernelRelease.Parse("6.1.0-56-amd64")).Select(p => p.Id),
            Is.EqualTo(new[] { "stap-4.8-task-work-cancel-func" }));
        Assert.That(catalog.NeededBy("5.1", KernelRelease.Parse("6.12.118+deb13-amd64")).Select(p => p.Id),
            Is.EqualTo(new[] { "stap-5.1-uprobe-unregister-nosync" }));
        Assert.That(catalog.NeededBy("5.1", KernelRelease.Parse("6.1.0-56-amd64")), Is.Empty);
    }
}

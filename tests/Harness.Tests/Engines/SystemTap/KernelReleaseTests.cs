using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class KernelReleaseTests
{
    [Test]
    public void Debian_release_parts()
    {
        var k = KernelRelease.Parse("6.1.0-56-amd64");
        Assert.That((k.Version, k.DebianAbi, k.Flavor, k.Series), Is.EqualTo((new Version(6, 1, 0), (int?)56, "amd64", "6.1")));
        Assert.That(KernelRelease.Parse("6.1.0-47-cloud-arm64").Flavor, Is.EqualTo("cloud-arm64"));
    }

    [Test]
    public void Trixie_style_release_has_no_abi() =>
        Assert.That(KernelRelease.Parse("6.12.48+deb13-amd64").DebianAbi, Is.Null);

    [Test]
    public void Garbage_is_rejected() =>
        Assert.Throws<FormatException>(() => KernelRelease.Parse("bookworm"));

    [TestCase("6.1.0-23-amd64", false)]
    [TestCase("6.1.0-24-amd64", true)]
    [TestCase("6.1.0-56-arm64", true)]
    [TestCase("6.12.48+deb13-amd64", true)]
    [TestCase("6.11.0", true)]
    [TestCase("6.10.3", false)]
    [TestCase("5.10.0-30-amd64", false)]
    public void Task_work_patch_condition(string release, bool needed)
    {
        var p = RuntimePatchCatalogTests.Catalog().Get(RuntimePatchCatalogTests.TaskWorkId);
        Assert.That(p.IsNeededFor(KernelRelease.Parse(release)), Is.EqualTo(needed));
    }
}

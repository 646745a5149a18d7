using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class KernelSpecTests
{
    private static readonly Arch X86 = ArchTable.Get("x86_64");

    [TestCase("bookworm", "bookworm", null, null)]
    [TestCase("trixie", "trixie", null, null)]
    [TestCase("bookworm:6.1.0-56", "bookworm", "6.1.0-56", null)]
    [TestCase("bookworm:6.1.0-56-cloud", "bookworm", "6.1.0-56", "cloud")]
    [TestCase("bookworm:6.1.0-56-cloud-amd64", "bookworm", "6.1.0-56", "cloud-amd64")]
    [TestCase("bookworm:cloud", "bookworm", null, "cloud")]
    [TestCase("trixie:6.12.57+deb13", "trixie", "6.12.57+deb13", null)]
    [TestCase("trixie:6.12.57+deb13-rt", "trixie", "6.12.57+deb13", "rt")]
    [TestCase(" bookworm ", "bookworm", null, null)]
    public void Parses_debian_specs(string text, string distro, string? abi, string? flavor)
    {
        var s = KernelSpec.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(s.Distro!.Name, Is.EqualTo(distro));
            Assert.That(s.Abi, Is.EqualTo(abi));
            Assert.That(s.Flavor, Is.EqualTo(flavor));
            Assert.That(s.IsLocal, Is.False);
        });
    }

    [TestCase("/boot/vmlinuz-6.1.0-56-amd64")]
    [TestCase("./mykernel")]
    [TestCase("kernels/build")]
    public void Parses_paths(string text)
    {
        var s = KernelSpec.Parse(text);
        Assert.That((s.IsLocal, s.Path, s.Distro), Is.EqualTo((true, text, (Distro?)null)));
    }

    [Test]
    public void Expands_the_home_directory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.That(KernelSpec.Parse("~/k/bzImage").Path, Is.EqualTo(Path.Combine(home, "k/bzImage")));
    }

    [TestCase("", "empty")]
    [TestCase("   ", "empty")]
    [TestCase("buster", "'buster' is not a known distribution")]
    [TestCase("mykernel", "./mykernel")]
    [TestCase("bookworm:", "nothing follows")]
    [TestCase("bookworm:6.1.0-56-", "not an ABI")]
    [TestCase("bookworm:6", "not an ABI")]
    [TestCase("bookworm:Cloud", "neither an ABI nor a flavor")]
    [TestCase("bookworm:cloud amd64", "neither an ABI nor a flavor")]
    public void Rejects_bad_specs_saying_what_is_accepted(string text, string why)
    {
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse(text))!;
        Assert.That(e.Message, Does.Contain(why).And.Contain("accepted kernel specs").And.Contain("bookworm, trixie"));
    }

    [TestCase("bookworm", "amd64")]
    [TestCase("bookworm:cloud", "cloud-amd64")]
    [TestCase("bookworm:cloud-amd64", "cloud-amd64")]
    [TestCase("bookworm:6.1.0-56-rt", "rt-amd64")]
    [TestCase("bookworm:6.1.0-56-amd64", "amd64")]
    public void Resolves_flavors_by_short_or_full_name(string text, string flavor) =>
        Assert.That(KernelSpec.Parse(text).ResolveFlavor(X86), Is.EqualTo(flavor));

    [Test]
    public void Resolves_flavors_of_other_architectures()
    {
        Assert.That(KernelSpec.Parse("bookworm:cloud").ResolveFlavor(ArchTable.Get("arm64")), Is.EqualTo("cloud-arm64"));
        Assert.That(KernelSpec.Parse("bookworm").ResolveFlavor(ArchTable.Get("ppc64le")), Is.EqualTo("powerpc64le"));
        Assert.That(KernelSpec.Parse("bookworm:6.1.0-56-686-pae").ResolveFlavor(ArchTable.Get("i386")), Is.EqualTo("686-pae"));
    }

    [Test]
    public void An_unknown_flavor_lists_the_architectures_flavors()
    {
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("bookworm:azure").ResolveFlavor(X86))!;
        Assert.That(e.Message, Does.Contain("azure").And.Contain("cloud (cloud-amd64)").And.Contain("rt (rt-amd64)"));
    }
}

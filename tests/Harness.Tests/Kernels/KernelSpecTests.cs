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
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("bookworm:686-pae").ResolveFlavor(X86))!;
        Assert.That(e.Message, Does.Contain("686-pae").And.Contain("cloud (cloud-amd64)").And.Contain("rt (rt-amd64)"));
    }

    // Strict: what follows the version is an ABI number or a flavor some architecture of the table has.
    [TestCase("bookworm:6.1.0-xx", "'xx' after 6.1.0 is neither an ABI number")]
    [TestCase("bookworm:6.1.0-5x", "'5x' after 6.1.0 is neither an ABI number")]
    [TestCase("bookworm:6.1.0-56-clod", "'clod' after 6.1.0-56 is neither")]
    [TestCase("bookworm:azure", "'azure' is neither an ABI nor a known flavor (amd64, cloud, rt,")]
    public void A_mistyped_abi_or_flavor_is_refused_naming_the_spec(string text, string why)
    {
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse(text))!;
        Assert.That(e.Message, Does.Contain($"bad kernel spec '{text}'").And.Contain(why));
    }

    [TestCase("bookworm:686-pae", null, "686-pae")]
    [TestCase("bookworm:6.1.0-56-686-pae", "6.1.0-56", "686-pae")]
    [TestCase("bookworm:6.1.0-56-powerpc64le", "6.1.0-56", "powerpc64le")]
    public void A_flavor_that_starts_with_a_digit_is_still_a_flavor(string text, string? abi, string flavor) =>
        Assert.That((KernelSpec.Parse(text).Abi, KernelSpec.Parse(text).Flavor), Is.EqualTo((abi, flavor)));

    [Test]
    public void Check_for_an_arch_refuses_its_missing_flavors_and_missing_paths()
    {
        Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("trixie:cloud").CheckFor(ArchTable.Get("riscv64")));
        Assert.That(Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("bookworm").CheckFor(ArchTable.Get("riscv64")))!.Message,
            Does.Contain("bookworm has no riscv64 kernels"));
        Assert.DoesNotThrow(() => KernelSpec.Parse("trixie").CheckFor(ArchTable.Get("riscv64")));
        Assert.DoesNotThrow(() => KernelSpec.Parse("bookworm:cloud").CheckFor(ArchTable.Get("arm64")));
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("/no/such/vmlinuz").CheckFor(X86))!;
        Assert.That(e.Message, Does.Contain("no file or directory /no/such/vmlinuz"));
        var empty = Directory.CreateTempSubdirectory("ph-kernel-").FullName;
        try
        {
            Assert.That(Assert.Throws<KernelSpecException>(() => KernelSpec.Parse(empty).CheckFor(X86))!.Message, Does.Contain($"no kernel in '{empty}'"));
        }
        finally { Directory.Delete(empty); }
    }
}

using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class KernelPackageTests
{
    // Trimmed from `apt-cache search --names-only '^linux-image-[0-9]'` on bookworm amd64.
    private const string SearchOutput = """
        linux-image-6.1.0-47-amd64 - Linux 6.1 for 64-bit PCs (signed)
        linux-image-6.1.0-47-amd64-dbg - Debug symbols for linux-image-6.1.0-47-amd64
        linux-image-6.1.0-47-amd64-unsigned - Linux 6.1 for 64-bit PCs
        linux-image-6.1.0-56-cloud-amd64 - Linux 6.1 for x86-64 cloud (signed)
        linux-image-6.1.0-56-cloud-amd64-unsigned - Linux 6.1 for x86-64 cloud
        linux-image-6.1.0-56-rt-amd64 - Linux 6.1 for 64-bit PCs, PREEMPT_RT (signed)
        linux-image-6.12.117+deb12-amd64 - Linux 6.12 for 64-bit PCs (signed)
        linux-image-amd64 - Linux for 64-bit PCs (meta-package)
        linux-image-amd64-signed-template - Template for signed linux-image packages for amd64

        """;

    [Test]
    public void Parses_search_output_into_kernels_skipping_meta_debug_and_templates()
    {
        var found = KernelPackage.ParseSearch(SearchOutput);
        Assert.That(found.Select(k => (k.Name, k.Abi, k.Flavor, k.Unsigned)), Is.EqualTo(new[]
        {
            ("linux-image-6.1.0-47-amd64", "6.1.0-47", "amd64", false),
            ("linux-image-6.1.0-47-amd64-unsigned", "6.1.0-47", "amd64", true),
            ("linux-image-6.1.0-56-cloud-amd64", "6.1.0-56", "cloud-amd64", false),
            ("linux-image-6.1.0-56-cloud-amd64-unsigned", "6.1.0-56", "cloud-amd64", true),
            ("linux-image-6.1.0-56-rt-amd64", "6.1.0-56", "rt-amd64", false),
            ("linux-image-6.12.117+deb12-amd64", "6.12.117+deb12", "amd64", false),
        }));
        Assert.That(found[2].Release, Is.EqualTo("6.1.0-56-cloud-amd64"));
    }

    [TestCase("linux-image-6.12.57+deb13-686-pae-unsigned", "6.12.57+deb13", "686-pae")]
    [TestCase("linux-image-6.1.0-56-powerpc64le", "6.1.0-56", "powerpc64le")]
    public void Recognises_names_across_architectures(string name, string abi, string flavor)
    {
        var k = KernelPackage.FromName(name);
        Assert.That((k?.Abi, k?.Flavor), Is.EqualTo(((string?)abi, (string?)flavor)));
    }

    [TestCase("linux-image-cloud-amd64")]
    [TestCase("linux-headers-6.1.0-56-amd64")]
    [TestCase("linux-image-6.1.0-56-amd64-dbg")]
    [TestCase("")]
    public void Ignores_what_is_no_kernel_image(string name) => Assert.That(KernelPackage.FromName(name), Is.Null);

    [Test]
    public void Chooses_the_newest_abi_of_the_distros_series_preferring_unsigned()
    {
        var served = KernelPackage.ParseSearch(SearchOutput);
        var spec = KernelSpec.Parse("bookworm");
        var x86 = Architectures.ArchTable.Get("x86_64");
        Assert.That(KernelProvider.Choose(served, spec, "amd64", x86).Name, Is.EqualTo("linux-image-6.1.0-47-amd64-unsigned"));
        Assert.That(KernelProvider.Choose(served, KernelSpec.Parse("bookworm:cloud"), "cloud-amd64", x86).Name,
            Is.EqualTo("linux-image-6.1.0-56-cloud-amd64-unsigned"));
        Assert.That(KernelProvider.Choose(served, KernelSpec.Parse("bookworm:6.1.0-56-rt"), "rt-amd64", x86).Name,
            Is.EqualTo("linux-image-6.1.0-56-rt-amd64"));
        // Another series is had by naming it.
        Assert.That(KernelProvider.Choose(served, KernelSpec.Parse("bookworm:6.12.117+deb12"), "amd64", x86).Name,
            Is.EqualTo("linux-image-6.12.117+deb12-amd64"));
    }

    [Test]
    public void An_abi_not_served_lists_the_served_ones()
    {
        var served = KernelPackage.ParseSearch(SearchOutput);
        var e = Assert.Throws<KernelSpecException>(() => KernelProvider.Choose(served,
            KernelSpec.Parse("bookworm:6.1.0-12"), "amd64", Architectures.ArchTable.Get("x86_64")))!;
        Assert.That(e.Message, Does.Contain("6.1.0-12").And.Contain("served: 6.1.0-47, 6.12.117+deb12"));
    }
}

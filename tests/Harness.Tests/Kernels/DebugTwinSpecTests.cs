using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class DebugTwinSpecTests
{
    [TestCase("bookworm:debug", "bookworm", null, null, "bookworm")]
    [TestCase("trixie:debug", "trixie", null, null, "trixie")]
    [TestCase("bookworm:6.1.0-57:debug", "bookworm", "6.1.0-57", null, "bookworm:6.1.0-57")]
    [TestCase("bookworm:cloud:debug", "bookworm", null, "cloud", "bookworm:cloud")]
    [TestCase(" trixie:6.12.57+deb13:debug ", "trixie", "6.12.57+deb13", null, "trixie:6.12.57+deb13")]
    public void Parses_the_debug_twin_forms(string text, string distro, string? abi, string? flavor, string stock)
    {
        var s = KernelSpec.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That((s.Debug, s.Distro!.Name, s.Abi, s.Flavor, s.IsLocal), Is.EqualTo((true, distro, abi, flavor, false)));
            Assert.That(s.Text, Is.EqualTo(text));
            Assert.That((s.Stock.Debug, s.Stock.Text, s.Stock.Abi), Is.EqualTo((false, stock, abi)));
        });
    }

    [Test]
    public void A_stock_spec_is_not_a_twin() =>
        Assert.That(KernelSpec.Parse("bookworm:6.1.0-57").Debug, Is.False);

    [TestCase("bookworm:debug:6.1.0-57", "':debug' comes last")]
    [TestCase("bookworm:6.1.0-57:dbg", "only ':debug' may follow '6.1.0-57'")]
    [TestCase(":debug", "no distribution before ':debug'")]
    [TestCase("bookworm::debug", "no distribution before ':debug'")]
    [TestCase("bookworm:debug:debug", "':debug' is written once")]
    [TestCase("./linux:debug", "a path names a kernel of your own")]
    [TestCase("buster:debug", "'buster' is not a known distribution")]
    [TestCase("bookworm:6.1.0-xx:debug", "neither an ABI number")]
    public void Rejects_bad_twin_specs_naming_what_was_written(string text, string why)
    {
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse(text))!;
        Assert.That(e.Message, Does.Contain($"bad kernel spec '{text}'").And.Contain(why).And.Contain(":debug for its debug twin"));
    }

    [Test]
    public void A_twin_is_refused_for_an_arch_it_is_not_built_for_before_anything_is_downloaded()
    {
        var e = Assert.Throws<KernelSpecException>(() => KernelSpec.Parse("bookworm:debug").CheckFor(ArchTable.Get("arm64")))!;
        Assert.That(e.Message, Does.Contain("debug twin is built for x86_64").And.Contain("not arm64"));
        Assert.DoesNotThrow(() => KernelSpec.Parse("bookworm:debug").CheckFor(ArchTable.Get("x86_64")));
    }
}

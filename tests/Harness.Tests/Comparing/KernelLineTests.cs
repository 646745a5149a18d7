using NUnit.Framework;
using ProbeHarness.Comparing;

namespace ProbeHarness.Tests.Comparing;

public class KernelLineTests
{
    [TestCase("6.1.0-57-amd64", "6.1 amd64")]
    [TestCase("6.1.0-53-amd64", "6.1 amd64")]
    [TestCase("6.1.0-57-cloud-amd64", "6.1 cloud-amd64")]
    [TestCase("6.12.57+deb13-amd64", "6.12 amd64")]
    [TestCase("6.12.117+deb12-arm64", "6.12 arm64")]
    [TestCase("bookworm", "bookworm")]
    public void A_release_without_its_ABI_is_its_line(string release, string line) =>
        Assert.That(KernelLine.Of(release), Is.EqualTo(line));

    [Test]
    public void A_span_holds_the_ABIs_between_its_bounds_whatever_the_flavour()
    {
        var span = KernelSpan.Parse("6.1.0-50..6.1.0-53");
        Assert.That(span.Contains("6.1.0-50-amd64") && span.Contains("6.1.0-53-cloud-amd64") && span.Contains("6.1.0-52-arm64"));
        Assert.That(span.Contains("6.1.0-54-amd64") || span.Contains("6.1.0-49-amd64") || span.Contains("6.12.57+deb13-amd64"), Is.False);
    }

    [Test]
    public void One_bound_is_a_prefix()
    {
        Assert.That(KernelSpan.Parse("6.1.0-53").Contains("6.1.0-53-amd64"));
        Assert.That(KernelSpan.Parse("6.1").Contains("6.1.0-47-arm64"));
        Assert.That(KernelSpan.Parse("6.1").Contains("6.12.57+deb13-amd64"), Is.False);
    }

    [TestCase("6.1.0-57-amd64", "bookworm:6.1.0-57")]
    [TestCase("6.1.0-57-cloud-amd64", "bookworm:6.1.0-57-cloud")]
    [TestCase("6.12.57+deb13-amd64", "trixie")]
    public void A_release_gives_back_a_kernel_spec_to_reproduce_with(string release, string spec) =>
        Assert.That(Reproducer.KernelSpecOf(release), Is.EqualTo(spec));
}

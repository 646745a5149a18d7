using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class LinuxSourceTests
{
    private static KernelImage Kernel(string distro, string? version) =>
        new(distro, "6.1.0-56-amd64", "6.1.0-56", "amd64", version, ArchTable.Get("x86_64"),
            "/nonexistent/vmlinuz", null, null, null, null, "key");

    private static readonly LinuxSource Source = new("bookworm", "linux-source-6.1", "6.1.192-2", "/src");

    [Test]
    public void Matches_the_kernel_built_from_the_same_package_version()
    {
        Assert.That(Source.Matches(Kernel("bookworm", "6.1.192-2")), Is.True);
        Assert.That(Source.Matches(Kernel("bookworm", "6.1.192-2+b1")), Is.True, "a binNMU has the same source");
    }

    [Test]
    public void Another_version_release_or_a_local_kernel_does_not_match_and_says_why()
    {
        Assert.That(Source.MismatchWith(Kernel("bookworm", "6.1.170-1")), Does.Contain("6.1.170-1").And.Contain("6.1.192-2"));
        Assert.That(Source.Matches(Kernel("trixie", "6.1.192-2")), Is.False);
        Assert.That(Source.MismatchWith(Kernel("local", null)), Does.Contain("not a Debian package"));
    }

    [Test]
    public void The_package_and_tar_members_come_from_the_release_series()
    {
        Assert.That(LinuxSourceProvider.PackageFor(DistroTable.Get("bookworm")), Is.EqualTo("linux-source-6.1"));
        Assert.That(LinuxSourceProvider.PackageFor(DistroTable.Get("trixie")), Is.EqualTo("linux-source-6.12"));
        Assert.That(LinuxSourceProvider.TarMembers(DistroTable.Get("trixie"), ["tools/testing/selftests/ftrace/", "kernel/rcu"]),
            Is.EqualTo(new[] { "linux-source-6.12/tools/testing/selftests/ftrace", "linux-source-6.12/kernel/rcu" }));
    }

    [TestCase("/etc")]
    [TestCase("../x")]
    [TestCase("kernel/../../x")]
    [TestCase("")]
    public void A_subtree_outside_the_tree_is_refused(string subtree) =>
        Assert.That(() => LinuxSourceProvider.TarMembers(DistroTable.Get("bookworm"), [subtree]), Throws.ArgumentException);
}

using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class DebControlTests
{
    // Trimmed from `apt-cache show --no-all-versions linux-headers-6.1.0-56-amd64`.
    private const string Show = """
        Package: linux-headers-6.1.0-56-amd64
        Source: linux-signed-amd64 (6.1.192+2)
        Version: 6.1.192-2
        Installed-Size: 10342
        Maintainer: Debian Kernel Team <debian-kernel@lists.debian.org>
        Architecture: amd64
        Depends: linux-headers-6.1.0-56-common (= 6.1.192-2), linux-kbuild-6.1 (>= 6.1.192-2), linux-compiler-gcc-12-x86:any | gcc-12 [amd64]
        Description: Header files for Linux 6.1.0-56-amd64
         This package provides the architecture-specific kernel header files
         .
         for Linux kernel 6.1.0-56-amd64.
        Filename: pool/main/l/linux-signed-amd64/linux-headers-6.1.0-56-amd64_6.1.192-2_amd64.deb
        Size: 1841552
        SHA256: 0BCA8D9C3F7E6E3E0A2D2B3F1E4C5D6A7B8C9D0E1F2A3B4C5D6E7F8091A2B3C4

        Package: second
        Version: 1
        
        """;

    [Test]
    public void Splits_stanzas_and_joins_continuation_lines()
    {
        var s = DebControl.ParseStanzas(Show.Replace("\n", "\r\n"));
        Assert.That(s, Has.Count.EqualTo(2));
        Assert.That(s[0]["Description"], Does.StartWith("Header files for Linux 6.1.0-56-amd64\nThis package"));
        Assert.That(s[0]["size"], Is.EqualTo("1841552"), "field names are case-insensitive");
        Assert.That(s[1]["Package"], Is.EqualTo("second"));
    }

    [Test]
    public void Reads_version_sha256_and_dependency_names()
    {
        var p = PackageInfo.FromStanza(DebControl.ParseStanzas(Show)[0]);
        Assert.Multiple(() =>
        {
            Assert.That(p.Version, Is.EqualTo("6.1.192-2"));
            Assert.That(p.Sha256, Is.EqualTo("0bca8d9c3f7e6e3e0a2d2b3f1e4c5d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4"));
            Assert.That(p.Size, Is.EqualTo(1841552));
            Assert.That(p.Pinned, Is.EqualTo("linux-headers-6.1.0-56-amd64=6.1.192-2"));
            Assert.That(p.Depends, Is.EqualTo(new[]
                { "linux-headers-6.1.0-56-common", "linux-kbuild-6.1", "linux-compiler-gcc-12-x86", "gcc-12" }));
        });
    }

    [Test]
    public void A_stanza_without_sha256_is_an_infrastructure_failure()
    {
        var e = Assert.Throws<InfrastructureException>(() =>
            PackageInfo.FromStanza(DebControl.ParseStanzas(Show)[1]))!;
        Assert.That(e.Message, Does.Contain("'second'"));
    }

    [TestCase(null, new string[0])]
    [TestCase("", new string[0])]
    [TestCase("a", new[] { "a" })]
    [TestCase("a (>= 1.0), b:any | c [amd64] <!nocheck>", new[] { "a", "b", "c" })]
    public void Names_dependencies(string? depends, string[] names) =>
        Assert.That(DebControl.DependencyNames(depends), Is.EqualTo(names));
}

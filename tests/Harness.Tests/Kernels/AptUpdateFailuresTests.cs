using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class AptUpdateFailuresTests
{
    // Measured: bookworm-security's ppc64el index, while the mirror disagreed with its Release file.
    private const string StaleSecurityIndex =
        "E: Failed to fetch http://deb.debian.org/debian-security/dists/bookworm-security/main/binary-ppc64el/Packages.xz  " +
        "File has unexpected size (343384 != 363272). Mirror sync in progress? [IP: 203.0.113.80 80]\n" +
        "   Hashes of expected file:\n    - Filesize:363272 [weak]\n" +
        "   Release file created at: Wed, 25 Nov 2026 02:22:30 +0000\n" +
        "E: Some index files failed to download. They have been ignored, or old ones used instead.\n";

    [Test]
    public void A_stale_index_of_one_suite_is_a_usable_partial_update()
    {
        Assert.That(AptUpdateFailures.OnlyIndexFiles(StaleSecurityIndex), Is.True);
        var (url, reason) = AptUpdateFailures.Parse(StaleSecurityIndex).Single();
        Assert.That(url, Does.EndWith("binary-ppc64el/Packages.xz"));
        Assert.That(reason, Does.StartWith("File has unexpected size"));
    }

    [TestCase("E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Could not resolve 'deb.debian.org'\n" +
              "E: Some index files failed to download. They have been ignored, or old ones used instead.\n")]
    [TestCase("E: The repository 'http://deb.debian.org/debian bookworm Release' is not signed.\n")]
    [TestCase("")]
    public void Anything_but_index_files_is_a_failure(string stderr) =>
        Assert.That(AptUpdateFailures.OnlyIndexFiles(stderr), Is.False);
}

using NUnit.Framework;
using ProbeHarness.Cli;
using static ProbeHarness.Tests.Kernels.FakeKernelFiles;

namespace ProbeHarness.Tests.Cli;

/// <summary>--arch for a path --kernel: read from the image when not given; refused when it disagrees.</summary>
public class LocalKernelArchTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("local-arch-");
        File.WriteAllBytes(Path.Combine(_dir.FullName, "vmlinuz-6.12.57+deb13-arm64"), Image("ARM\x64"));
        File.WriteAllText(Path.Combine(_dir.FullName, "config-6.12.57+deb13-arm64"), Config("y", "y"));
    }

    [TearDown] public void TearDown() => _dir.Delete(recursive: true);

    [Test]
    public void Without_arch_the_image_says_it()
    {
        var s = new RunCommand.Settings { Kernel = _dir.FullName };
        Assert.That(s.ArchName, Is.EqualTo("arm64"));
        Assert.That(s.Validate().Successful, Is.True, s.Validate().Message);
        Assert.That(new RunCommand.Settings().ArchName, Is.EqualTo("x86_64"), "a Debian kernel keeps the default");
    }

    [Test]
    public void An_arch_the_image_contradicts_is_refused()
    {
        var r = new RunCommand.Settings { Kernel = _dir.FullName, Arch = "x86_64" }.Validate();
        Assert.That(r.Successful, Is.False);
        Assert.That(r.Message, Does.Contain("is a arm64 kernel (arm64 Image header), not x86_64: leave out --arch or give --arch arm64"));
    }

    [Test]
    public void An_image_whose_header_says_nothing_needs_arch()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "vmlinuz-6.12.57+deb13-arm64"), "no header here");
        var r = new RunCommand.Settings { Kernel = _dir.FullName }.Validate();
        Assert.That(r.Message, Does.Contain("does not say its architecture; give --arch"));
    }
}

using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class LocalKernelTests
{
    private static readonly Arch X86 = ArchTable.Get("x86_64");
    private DirectoryInfo _dir = null!;

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("local-kernel-");
    [TearDown] public void TearDown() => _dir.Delete(recursive: true);

    private string Write(string relative, string content = "x")
    {
        var path = Path.Combine(_dir.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public async Task A_directory_with_image_modules_headers_config_and_map()
    {
        var kernel = Write("vmlinuz-6.8.0-test");
        Write("lib/modules/6.8.0-test/modules.dep");
        Write("lib/modules/6.8.0-test/build/Makefile");
        var config = Write("config-6.8.0-test");
        var map = Write("System.map", new string('f', 4096));
        var k = await new KernelProvider(new Caching.HarnessCache(Path.Combine(_dir.FullName, "cache")))
            .GetAsync(KernelSpec.Parse(_dir.FullName), X86);
        Assert.Multiple(() =>
        {
            Assert.That(k.Distro, Is.EqualTo("local"));
            Assert.That(k.Release, Is.EqualTo("6.8.0-test"));
            Assert.That(k.KernelPath, Is.EqualTo(kernel));
            Assert.That(k.ModulesDir, Is.EqualTo(Path.Combine(_dir.FullName, "lib/modules/6.8.0-test")));
            Assert.That(k.BuildDir, Is.EqualTo(Path.Combine(_dir.FullName, "lib/modules/6.8.0-test/build")));
            Assert.That(k.ConfigPath, Is.EqualTo(config));
            Assert.That(k.SystemMapPath, Is.EqualTo(map));
            Assert.That(k.PackageVersion, Is.Null);
        });
    }

    [Test]
    public void A_kernel_build_tree_takes_its_release_from_kernel_release()
    {
        var image = Write("arch/x86/boot/bzImage");
        Write("Makefile");
        Write(".config");
        Write("include/config/kernel.release", "6.9.0-rc1+\n");
        Write("System.map", "ffffffff81000000 T _text\n"); // too small to be real: treated as a placeholder
        var k = LocalKernel.Resolve(_dir.FullName, X86);
        Assert.That((k.KernelPath, k.Release, k.BuildDir, k.SystemMapPath),
            Is.EqualTo((image, "6.9.0-rc1+", _dir.FullName, (string?)null)));
    }

    [Test]
    public void An_image_file_alone()
    {
        var kernel = Write("vmlinuz-6.1.0-56-amd64");
        var k = LocalKernel.Resolve(kernel, X86);
        Assert.That((k.Release, k.ModulesDir, k.BuildDir), Is.EqualTo(("6.1.0-56-amd64", (string?)null, (string?)null)));
    }

    [Test]
    public void The_content_key_follows_the_image_bytes()
    {
        var kernel = Write("vmlinuz-1");
        var before = LocalKernel.Resolve(kernel, X86).ContentKey;
        Assert.That(LocalKernel.Resolve(kernel, X86).ContentKey, Is.EqualTo(before));
        File.WriteAllText(kernel, "y");
        Assert.That(LocalKernel.Resolve(kernel, X86).ContentKey, Is.Not.EqualTo(before));
    }

    [Test]
    public void Errors_name_the_problem()
    {
        Assert.That(() => LocalKernel.Resolve(Path.Combine(_dir.FullName, "nope"), X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("does not exist"));
        Assert.That(() => LocalKernel.Resolve(_dir.FullName, X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("no kernel in"));
        Write("vmlinuz-a");
        Write("boot/vmlinuz-b");
        Write("vmlinuz-c");
        Assert.That(() => LocalKernel.Resolve(_dir.FullName, X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("several kernels"));
        Assert.That(() => LocalKernel.Resolve(Write("bzImage"), X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("cannot tell the kernel release"));
    }
}

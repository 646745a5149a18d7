using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Kernels;
using static ProbeHarness.Tests.Kernels.FakeKernelFiles;

namespace ProbeHarness.Tests.Kernels;

public class LocalKernelTests
{
    private const string Rel = "6.12.57+deb13-amd64";
    private static readonly Arch X86 = ArchTable.Get("x86_64");
    private DirectoryInfo _dir = null!;
    private string Root => _dir.FullName;

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("local-kernel-");
    [TearDown] public void TearDown() => _dir.Delete(recursive: true);

    private string Write(string relative, string content = "x")
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteBytes(string relative, byte[] content)
    {
        var path = Write(relative);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>What `dpkg-deb -x linux-image-*.deb DIR` leaves: boot/ and the merged-/usr modules tree.</summary>
    private void UnpackedPackage(string modulesRoot)
    {
        WriteBytes($"boot/vmlinuz-{Rel}", BzImage(wide: true));
        Write($"boot/config-{Rel}", Config("m", "m"));
        Write($"boot/System.map-{Rel}", PlaceholderSystemMap);
        Write($"{modulesRoot}/{Rel}/modules.builtin", "kernel/drivers/virtio/virtio.ko\n");
        Write($"{modulesRoot}/{Rel}/kernel/drivers/char/virtio_console.ko.xz");
        Write($"{modulesRoot}/{Rel}/kernel/drivers/virtio/virtio_pci.ko.xz");
    }

    [TestCase("usr/lib/modules")]
    [TestCase("lib/modules")]
    public void An_unpacked_package_as_it_is(string modulesRoot)
    {
        UnpackedPackage(modulesRoot);
        var (k, diagnosis) = LocalKernel.Inspect(Root, X86);
        Assert.Multiple(() =>
        {
            Assert.That((k.Distro, k.Release, k.PackageVersion), Is.EqualTo(("local", Rel, (string?)null)));
            Assert.That(k.KernelPath, Is.EqualTo(Path.Combine(Root, "boot", $"vmlinuz-{Rel}")));
            Assert.That(k.ModulesDir, Is.EqualTo(Path.Combine(Root, modulesRoot, Rel)));
            Assert.That(k.ConfigPath, Is.EqualTo(Path.Combine(Root, "boot", $"config-{Rel}")));
            Assert.That(k.SystemMapPath, Is.Null, "Debian's map is a placeholder");
            Assert.That(k.BuildDir, Is.Null, "build is a link to /usr/src on the machine it was installed on");
            Assert.That(diagnosis, Is.EqualTo($"kernel {Root} ({Rel}, x86_64): no headers or build tree: SystemTap tests are unsupported " +
                "and the harness's own modules cannot be built; no real System.map: will make one with a nokaslr boot"));
        });
    }

    [Test]
    public void A_modules_tree_without_an_agent_driver_is_refused_in_one_line()
    {
        UnpackedPackage("usr/lib/modules");
        File.Delete(Path.Combine(Root, "usr/lib/modules", Rel, "kernel/drivers/char/virtio_console.ko.xz"));
        Assert.That(() => LocalKernel.Resolve(Root, X86), Throws.TypeOf<KernelSpecException>().With.Message.EqualTo(
            $"kernel {Root} ({Rel}, x86_64): virtio_console neither built in nor a module under {Path.Combine(Root, "usr/lib/modules", Rel)}: " +
            "the agent channel needs it"));
    }

    [Test]
    public void The_image_under_boot_given_as_a_file_finds_the_modules_above_it()
    {
        UnpackedPackage("usr/lib/modules");
        var k = LocalKernel.Resolve(Path.Combine(Root, "boot", $"vmlinuz-{Rel}"), X86);
        Assert.That(k.ModulesDir, Is.EqualTo(Path.Combine(Root, "usr/lib/modules", Rel)));
    }

    /// <summary>A tree after `make bzImage`, every driver the agent needs built in.</summary>
    private void BuildTree(string release = "6.1.158-debug")
    {
        WriteBytes("arch/x86/boot/bzImage", BzImage(wide: true, release));
        WriteBytes("vmlinux", Elf(0x3E));
        Write("Makefile");
        Write("Module.symvers");
        Write(".config", Config("y", "y"));
        Write("include/config/kernel.release", release + "\n");
        Write("System.map", RealSystemMap());
    }

    [Test]
    public void A_build_tree_is_its_own_headers_and_map_and_needs_no_modules_when_drivers_are_built_in()
    {
        BuildTree();
        var (k, diagnosis) = LocalKernel.Inspect(Root, X86);
        Assert.Multiple(() =>
        {
            Assert.That((k.KernelPath, k.Release), Is.EqualTo((Path.Combine(Root, "arch/x86/boot/bzImage"), "6.1.158-debug")));
            Assert.That((k.BuildDir, k.SystemMapPath, k.ConfigPath), Is.EqualTo((Root, Path.Combine(Root, "System.map"), Path.Combine(Root, ".config"))));
            Assert.That(k.ModulesDir, Is.Null);
            Assert.That(diagnosis, Is.EqualTo($"kernel {Root} (6.1.158-debug, x86_64): no modules tree, none needed " +
                $"(virtio_pci built in, .config line 3, virtio_console built in, .config line 4); real System.map {Path.Combine(Root, "System.map")}"));
        });
    }

    [Test]
    public void A_build_tree_with_built_modules_is_its_own_modules_tree()
    {
        BuildTree();
        Write(".config", Config("m", "m"));
        Write("modules.order", "drivers/virtio/virtio_pci.ko\ndrivers/char/virtio_console.ko\n");
        Write("drivers/virtio/virtio_pci.ko");
        Write("drivers/char/virtio_console.ko");
        Assert.That(LocalKernel.Resolve(Root, X86).ModulesDir, Is.EqualTo(Root));
    }

    [Test]
    public void A_bare_image_whose_agent_drivers_are_modules_is_refused_in_one_line()
    {
        var image = WriteBytes($"vmlinuz-{Rel}", BzImage(wide: true));
        Write($"config-{Rel}", Config("y", "m"));
        Assert.That(() => LocalKernel.Resolve(image, X86), Throws.TypeOf<KernelSpecException>().With.Message.EqualTo(
            $"kernel {image} ({Rel}, x86_64): no modules tree and virtio_console is a module (config-{Rel} line 4): the agent channel needs it"));
        Write($"config-{Rel}", Config("y", "y"));
        Assert.That(LocalKernel.Resolve(image, X86).ModulesDir, Is.Null);
    }

    [Test]
    public void A_bare_image_with_nothing_that_says_is_refused()
    {
        var image = WriteBytes($"vmlinuz-{Rel}", BzImage(wide: true));
        Assert.That(() => LocalKernel.Resolve(image, X86), Throws.TypeOf<KernelSpecException>().With.Message.Contains(
            "cannot tell whether virtio_pci is built in (no config, modules.builtin or IKCONFIG says)"));
    }

    [Test]
    public void A_bare_bzImage_tells_its_release_from_its_header()
    {
        var image = WriteBytes("bzImage", BzImage(wide: true));
        Write(".config", Config("y", "y"));
        Assert.That(LocalKernel.Resolve(image, X86).Release, Is.EqualTo(Rel));
    }

    [Test]
    public void The_arch_is_read_from_the_image_and_a_different_arch_is_an_error()
    {
        UnpackedPackage("usr/lib/modules");
        Assert.That(LocalKernel.ArchOf(Root)?.Arch.Name, Is.EqualTo("x86_64"));
        Assert.That(() => LocalKernel.Resolve(Root, ArchTable.Get("arm64")), Throws.TypeOf<KernelSpecException>().With.Message.Contains(
            "is a x86_64 kernel (bzImage with a 64-bit entry), not arm64: leave out --arch or give --arch x86_64"));
        WriteBytes($"boot/vmlinuz-{Rel}", BzImage(wide: false));
        Assert.That(LocalKernel.ArchOf(Root)?.Arch.Name, Is.EqualTo("i386"));
    }

    [Test]
    public void A_cell_is_named_by_the_release_never_the_path()
    {
        UnpackedPackage("usr/lib/modules");
        Assert.That(LocalKernel.CellName(Root), Is.EqualTo(Rel));
        Assert.That(LocalKernel.CellName("trixie:6.12.57+deb13"), Is.EqualTo("trixie:6.12.57+deb13"));
        Assert.That(LocalKernel.CellName(Path.Combine(Root, "nothing-here")), Is.EqualTo("nothing-here"));
    }

    [Test]
    public void The_content_key_follows_the_image_bytes()
    {
        var kernel = Write("vmlinuz-1");
        Write("config-1", Config("y", "y"));
        var before = LocalKernel.Resolve(kernel, X86).ContentKey;
        Assert.That(LocalKernel.Resolve(kernel, X86).ContentKey, Is.EqualTo(before));
        File.WriteAllText(kernel, "y");
        Assert.That(LocalKernel.Resolve(kernel, X86).ContentKey, Is.Not.EqualTo(before));
    }

    [Test]
    public void Errors_name_the_problem()
    {
        Assert.That(() => LocalKernel.Resolve(Path.Combine(Root, "nope"), X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("does not exist"));
        Assert.That(() => LocalKernel.Resolve(Root, X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("no kernel in"));
        Write("vmlinuz-a");
        Write("boot/vmlinuz-b");
        Write("vmlinuz-c");
        Assert.That(() => LocalKernel.Resolve(Root, X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("several kernels"));
        Assert.That(() => LocalKernel.Resolve(Write("bzImage"), X86),
            Throws.TypeOf<KernelSpecException>().With.Message.Contains("cannot tell the kernel release"));
    }
}

using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class DebugTwinConfigTests
{
    private const string Fragment = """
        # comment
        CONFIG_KASAN=y

        CONFIG_RCU_TORTURE_TEST=m
        # CONFIG_DEBUG_INFO_BTF is not set
        CONFIG_VIRTIO_CONSOLE=y
        """;

    private static DebugTwinConfig Load() => DebugTwinConfig.Parse(Fragment, "frag.config");

    [Test]
    public void Reads_settings_with_their_lines()
    {
        var c = Load();
        Assert.That(c.Settings.Select(s => (s.Symbol, s.Value, s.Line)), Is.EqualTo(new (string, string?, int)[]
        {
            ("CONFIG_KASAN", "y", 2), ("CONFIG_RCU_TORTURE_TEST", "m", 4), ("CONFIG_DEBUG_INFO_BTF", null, 5), ("CONFIG_VIRTIO_CONSOLE", "y", 6),
        }));
    }

    [TestCase("CONFIG_KASAN=y\nKASAN=y\n", 2, "'KASAN=y' is not a config setting")]
    [TestCase("CONFIG_KASAN=y\n\nCONFIG_KASAN=n\n", 3, "CONFIG_KASAN is set again (first on line 1)")]
    [TestCase("CONFIG_KASAN=\n", 1, "CONFIG_KASAN has no value")]
    [TestCase("# only a comment\n", 1, "sets no option")]
    public void A_bad_line_is_named_by_file_and_line(string text, int line, string why)
    {
        var e = Assert.Throws<DataFileException>(() => DebugTwinConfig.Parse(text, "frag.config"))!;
        Assert.That((e.File, e.Line), Is.EqualTo(("frag.config", (long)line)));
        Assert.That(e.Message, Does.StartWith($"frag.config:{line}: ").And.Contain(why));
    }

    [Test]
    public void Apply_turns_every_module_off_but_the_fragments_and_sets_the_release_suffix()
    {
        var debian = "CONFIG_LOCALVERSION=\"\"\nCONFIG_EXT4_FS=m\nCONFIG_KASAN=n\n# CONFIG_VIRTIO_CONSOLE is not set\nCONFIG_RCU_TORTURE_TEST=m\nCONFIG_DEBUG_INFO_BTF=y\nCONFIG_SMP=y\n";
        var applied = Load().Apply(debian, "-amd64+debug").Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(applied, Does.Contain("# CONFIG_EXT4_FS is not set"));
            Assert.That(applied, Does.Contain("CONFIG_SMP=y"));
            Assert.That(applied, Does.Contain("CONFIG_KASAN=y").And.Not.Contain("CONFIG_KASAN=n"));
            Assert.That(applied, Does.Contain("CONFIG_RCU_TORTURE_TEST=m"));
            Assert.That(applied, Does.Contain("# CONFIG_DEBUG_INFO_BTF is not set").And.Not.Contain("CONFIG_DEBUG_INFO_BTF=y"));
            Assert.That(applied, Does.Contain("CONFIG_VIRTIO_CONSOLE=y").And.Not.Contain("# CONFIG_VIRTIO_CONSOLE is not set"));
            Assert.That(applied, Does.Contain("CONFIG_LOCALVERSION=\"-amd64+debug\"").And.Not.Contain("CONFIG_LOCALVERSION=\"\""));
            Assert.That(applied.Count(l => l.Contains("CONFIG_RCU_TORTURE_TEST")), Is.EqualTo(1));
        });
    }

    [Test]
    public void An_option_olddefconfig_dropped_is_reported_with_its_fragment_line()
    {
        // What olddefconfig might leave: KASAN's dependency unmet, BTF off by omission (its menu hidden).
        var result = "# CONFIG_KASAN is not set\nCONFIG_RCU_TORTURE_TEST=y\nCONFIG_VIRTIO_CONSOLE=y\n";
        var c = Load();
        Assert.That(c.Dropped(result).Select(d => (d.Wanted.Symbol, d.Actual)),
            Is.EqualTo(new[] { ("CONFIG_KASAN", "not set"), ("CONFIG_RCU_TORTURE_TEST", "=y") }));
        var e = Assert.Throws<InfrastructureException>(() => c.CheckApplied(result, "/t/.config"))!;
        Assert.That(e.Message, Does.Contain("lost 2 option(s)")
            .And.Contain("frag.config:2: CONFIG_KASAN=y ended up not set")
            .And.Contain("frag.config:4: CONFIG_RCU_TORTURE_TEST=m ended up =y")
            .And.Contain("/t/.config"));
    }

    [Test]
    public void A_config_with_every_option_applied_passes()
    {
        var result = "CONFIG_KASAN=y\nCONFIG_RCU_TORTURE_TEST=m\n# CONFIG_DEBUG_INFO_BTF is not set\nCONFIG_VIRTIO_CONSOLE=y\nCONFIG_SMP=y\n";
        Assert.DoesNotThrow(() => Load().CheckApplied(result, ".config"));
        Assert.That(Load().Dropped("CONFIG_KASAN=y\nCONFIG_RCU_TORTURE_TEST=m\nCONFIG_VIRTIO_CONSOLE=y\n"), Is.Empty, "an absent symbol is off");
        Assert.That(Load().Dropped("CONFIG_KASAN=y\nCONFIG_RCU_TORTURE_TEST=m\n").Single().Wanted.Symbol, Is.EqualTo("CONFIG_VIRTIO_CONSOLE"));
    }

    [Test]
    public void The_shipped_fragment_turns_on_what_the_twin_is_for()
    {
        var c = DebugTwinConfig.Default();
        var set = c.Settings.ToDictionary(s => s.Symbol, s => s.Value);
        Assert.Multiple(() =>
        {
            foreach (var y in new[] { "DEBUG_INFO", "KASAN", "PROVE_LOCKING", "FAULT_INJECTION", "FUNCTION_ERROR_INJECTION",
                         "FAIL_FUNCTION", "KUNIT", "KPROBES_SANITY_TEST", "KCOV", "VIRTIO_PCI", "VIRTIO_CONSOLE" })
                Assert.That(set.GetValueOrDefault("CONFIG_" + y), Is.EqualTo("y"), y);
            Assert.That(set["CONFIG_RCU_TORTURE_TEST"], Is.EqualTo("m"));
            Assert.That(set.ContainsKey("CONFIG_DEBUG_INFO_BTF") && set["CONFIG_DEBUG_INFO_BTF"] is null, "BTF off: it needs pahole");
        });
    }

    [Test]
    public void The_cache_key_changes_with_each_input()
    {
        var keys = new[]
        {
            DebugTwinBuilder.Key("sha", "config", "gcc 12", "6.1.0-57", "x86_64"),
            DebugTwinBuilder.Key("sha2", "config", "gcc 12", "6.1.0-57", "x86_64"),
            DebugTwinBuilder.Key("sha", "config2", "gcc 12", "6.1.0-57", "x86_64"),
            DebugTwinBuilder.Key("sha", "config", "gcc 14", "6.1.0-57", "x86_64"),
            DebugTwinBuilder.Key("sha", "config", "gcc 12", "6.1.0-58", "x86_64"),
            DebugTwinBuilder.Key("sha", "config", "gcc 12", "6.1.0-57", "arm64"),
        };
        Assert.That(keys.Distinct().Count(), Is.EqualTo(keys.Length));
        Assert.That(DebugTwinBuilder.Key("sha", "config", "gcc 12", "6.1.0-57", "x86_64"), Is.EqualTo(keys[0]));
    }

    [Test]
    public void The_twins_release_is_the_stock_release_marked_debug() =>
        Assert.That(DebugTwinBuilder.TwinRelease("6.1.0-57-amd64"), Is.EqualTo("6.1.0-57-amd64+debug"));

    [TestCase("  CC      kernel/fork.o", true)]
    [TestCase("  AS      arch/x86/entry/entry_64.o", true)]
    [TestCase("  CC [M]  kernel/rcu/rcutorture.o", true)]
    [TestCase("  LD      vmlinux.o", false)]
    [TestCase("  CC      kernel/bounds.s", false)]
    [TestCase("kernel/fork.c:12: warning: CC something.o", false)]
    public void Counts_compiled_objects_from_kbuilds_quiet_output(string line, bool isObject) =>
        Assert.That(KbuildProgress.IsObject(line), Is.EqualTo(isObject));

    [Test]
    public void Progress_is_reported_every_so_many_objects()
    {
        var seen = new List<string>();
        var p = new KbuildProgress("t", new SyncProgress(seen.Add), every: 2);
        foreach (var l in new[] { "  CC      a.o", "  CC      b.o", "  CC      c.o", "  LD      vmlinux", "  CC      d.o" }) p.OnLine(l);
        Assert.That(p.Objects, Is.EqualTo(4));
        Assert.That(seen, Has.Count.EqualTo(3));
        Assert.That(seen[0], Does.Contain("2 objects").And.Contain("CC      b.o"));
        Assert.That(seen[1], Does.Contain("LD      vmlinux"));
    }

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

public class DebugTwinLayoutTests
{
    [Test]
    public void The_built_tree_is_handed_on_as_an_installed_kernel_whose_build_tree_is_the_twin()
    {
        const string release = "6.1.0-57-amd64+debug";
        var entry = Path.Combine(Path.GetTempPath(), $"ph-twin-layout-{Guid.NewGuid():N}");
        try
        {
            var tree = Path.Combine(entry, DebugTwinBuilder.TreeDir);
            Directory.CreateDirectory(Path.Combine(tree, "arch", "x86", "boot"));
            Directory.CreateDirectory(Path.Combine(tree, "include", "config"));
            File.WriteAllText(Path.Combine(tree, "arch", "x86", "boot", "bzImage"), "not a real image");
            File.WriteAllText(Path.Combine(tree, "Makefile"), "# kbuild\n");
            File.WriteAllText(Path.Combine(tree, "include", "config", "kernel.release"), release + "\n");
            File.WriteAllText(Path.Combine(tree, ".config"), "CONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_CONSOLE=y\nCONFIG_KUNIT=y\n");
            File.WriteAllLines(Path.Combine(tree, "System.map"),
                Enumerable.Range(0, 1200).Select(i => $"ffffffff81{i:x6} T f{i}").Append("ffffffff81000000 T _stext"));
            // What modules_install leaves: the modules tree with modules.builtin and an absolute build link.
            var modules = Directory.CreateDirectory(Path.Combine(entry, "lib", "modules", release)).FullName;
            File.WriteAllLines(Path.Combine(modules, "modules.builtin"), ["kernel/drivers/virtio/virtio_pci.ko", "kernel/drivers/char/virtio_console.ko"]);
            File.CreateSymbolicLink(Path.Combine(modules, "build"), "/somewhere/the/build/ran");

            DebugTwinBuilder.InstallBeside(entry, release);
            var k = LocalKernel.Resolve(entry, ProbeHarness.Architectures.ArchTable.Get("x86_64"));
            Assert.Multiple(() =>
            {
                Assert.That(k.Release, Is.EqualTo(release));
                Assert.That(k.KernelPath, Is.EqualTo(Path.Combine(entry, "boot", $"vmlinuz-{release}")));
                Assert.That(Path.GetFullPath(new DirectoryInfo(k.BuildDir!).ResolveLinkTarget(true)?.FullName ?? k.BuildDir!),
                    Is.EqualTo(Path.GetFullPath(tree)));
                Assert.That(k.ModulesDir, Is.EqualTo(modules));
                Assert.That(File.ReadAllText(k.ConfigPath!), Does.Contain("CONFIG_KUNIT=y"));
                Assert.That(SystemMapMaker.IsReal(k.SystemMapPath!), "the tree's real map");
                Assert.That(new FileInfo(Path.Combine(modules, "build")).LinkTarget, Is.EqualTo(Path.Combine("..", "..", "..", "tree")));
            });
        }
        finally
        {
            Directory.Delete(entry, true);
        }
    }
}

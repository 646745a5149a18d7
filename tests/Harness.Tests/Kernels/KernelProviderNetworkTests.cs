using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

/// <summary>
/// Against deb.debian.org, in the cache PROBE_HARNESS_CACHE names. Slow the first time
/// (about 85 MB for bookworm), a few seconds once cached.
/// </summary>
[TestFixture, Category("Network")]
public class KernelProviderNetworkTests
{
    private static readonly Arch X86 = ArchTable.Get("x86_64");
    private readonly HarnessCache _cache = HarnessCache.Default();

    [Test]
    public async Task Bookworm_resolves_to_the_newest_abi_with_a_working_build_tree()
    {
        var sw = Stopwatch.StartNew();
        var progress = new Progress<string>(m => TestContext.Progress.WriteLine($"  [{sw.Elapsed.TotalSeconds:F1}s] {m}"));
        var k = await new KernelProvider(_cache).GetAsync(KernelSpec.Parse("bookworm"), X86, progress);
        TestContext.Progress.WriteLine($"{k} in {sw.Elapsed.TotalSeconds:F1}s; BuildDir {k.BuildDir}");

        var served = await new DebianArchive(_cache, DistroTable.Get("bookworm"), "amd64").ListKernelsAsync();
        var newest = served.Where(p => p.Flavor == "amd64" && KernelAbi.InSeries(p.Abi, "6.1"))
            .Select(p => p.Abi).Max(KernelAbi.Comparer);
        Assert.Multiple(() =>
        {
            Assert.That(k.Abi, Is.EqualTo(newest));
            Assert.That(k.Abi, Does.StartWith("6.1.0-"));
            Assert.That(k.Release, Is.EqualTo($"{k.Abi}-amd64"));
            Assert.That(File.Exists(k.KernelPath), k.KernelPath);
            Assert.That(Directory.Exists(Path.Combine(k.ModulesDir!, "kernel")), k.ModulesDir);
            Assert.That(File.Exists(k.ConfigPath), k.ConfigPath);
            Assert.That(File.Exists(Path.Combine(k.BuildDir!, "scripts", "basic", "fixdep")));
            Assert.That(File.ReadAllText(Path.Combine(k.BuildDir!, "Makefile")), Does.Contain(_cache.Root));
        });

        // A second resolution is served from the cache and names the same kernel.
        var again = await new KernelProvider(_cache).GetAsync(KernelSpec.Parse($"bookworm:{k.Abi}"), X86);
        Assert.That(again, Is.EqualTo(k));
    }

    [Test]
    public async Task A_hello_module_builds_against_the_prepared_headers()
    {
        var k = await new KernelProvider(_cache).GetAsync(KernelSpec.Parse("bookworm"), X86);
        var dir = Directory.CreateTempSubdirectory("hello-module-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "hello.c"), """
                #include <linux/module.h>
                static int __init hello_init(void) { pr_info("hello\n"); return 0; }
                static void __exit hello_exit(void) { }
                module_init(hello_init);
                module_exit(hello_exit);
                MODULE_LICENSE("GPL");
                """);
            File.WriteAllText(Path.Combine(dir.FullName, "Makefile"), "obj-m := hello.o\n");
            var r = await ProbeHarness.Processes.Tool.RunAsync("make", ["-C", k.BuildDir!, $"M={dir.FullName}", "modules"], TimeSpan.FromMinutes(10));
            Assert.That(r.ExitCode, Is.Zero, r.Stdout + r.Stderr);
            // The .modinfo section carries "vermagic=<release> SMP ...", what the kernel checks on load.
            var ko = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(dir.FullName, "hello.ko")));
            Assert.That(ko, Does.Contain($"vermagic={k.Release} "));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Test]
    public async Task Trixie_resolves_and_downloads_its_newest_image()
    {
        var trixie = DistroTable.Get("trixie");
        var archive = new DebianArchive(_cache, trixie, "amd64");
        var chosen = KernelProvider.Choose(await archive.ListKernelsAsync(), KernelSpec.Parse("trixie"), "amd64", X86);
        TestContext.Progress.WriteLine($"trixie newest: {chosen.Name} (ABI {chosen.Abi})");
        Assert.That(chosen.Abi, Does.StartWith(trixie.KernelSeries + "."));

        var info = await archive.FindAsync(chosen.Name);
        Assert.That(info, Is.Not.Null);
        var deb = (await archive.DownloadAsync([info!]))[0];
        Assert.That(HarnessCache.HashFile(deb), Is.EqualTo(info!.Sha256));
        var flavored = KernelSpec.Parse($"trixie:{chosen.Abi}-cloud");
        Assert.That(flavored.Abi, Is.EqualTo(chosen.Abi));
    }
}

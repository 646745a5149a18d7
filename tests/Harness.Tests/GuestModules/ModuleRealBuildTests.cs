using System.Text;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.GuestModules;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.GuestModules;

/// <summary>
/// Builds the harness's own modules with kbuild for the newest bookworm x86_64 kernel, whose
/// headers come from the kernel provider and cache like a run's. Nothing is loaded on the host.
/// A few seconds per module cold; from the harness cache, none.
/// </summary>
[Category("RealBuild")]
public class ModuleRealBuildTests
{
    [TestCase("crashmod")]
    [TestCase("phstress")]
    public async Task Builds_for_the_bookworm_x86_64_kernel(string name)
    {
        var cache = HarnessCache.Default();
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), ArchTable.Get("x86_64"));
        var built = await new ModuleBuilder(cache).BuildAsync(ModuleSource.Get(name), kernel, CancellationToken.None);
        Assert.That(VermagicOf(built.KoPath), Does.StartWith(kernel.Release + " "));
        Assert.That(File.ReadAllText(Path.Combine(Path.GetDirectoryName(built.KoPath)!, "built-from.txt")), Does.Contain($"module {name}"));
    }

    // .modinfo is NUL-separated key=value strings; no modinfo binary needed.
    private static string VermagicOf(string ko)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(ko));
        var at = text.IndexOf("vermagic=", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "no vermagic in " + ko);
        var end = text.IndexOf('\0', at);
        return text[(at + "vermagic=".Length)..end];
    }
}

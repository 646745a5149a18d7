using System.Text;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Engines.SystemTap;

/// <summary>
/// Builds a real module with the installed stap (pass 4 only: nothing is loaded on the host) for
/// the newest bookworm amd64 kernel, whose headers tree comes from the harness's kernel provider
/// and cache as the smoke run's does (downloaded and made buildable on first use), with the
/// runtime patch the catalog declares for that kernel. Cold: ~25-30 s of stap; from stap's cache, seconds.
/// </summary>
[Category("RealBuild")]
public class StapRealBuildTests
{
    [Test]
    public async Task Begin_exit_builds_with_the_patched_runtime()
    {
        var cache = HarnessCache.Default();
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), ArchTable.Get("x86_64"));
        Assert.That(kernel.BuildDir, Is.Not.Null, $"{kernel} came without headers");
        var stap = await StapRuntime.DetectAsync();
        var patch = RuntimePatchCatalogTests.Catalog().NeededBy(stap.Version, KernelRelease.Parse(kernel.Release)).SingleOrDefault();
        // stap 4.8 needs the task_work_cancel_func patch for every served bookworm ABI (FACTS.md).
        if (stap.Version == "4.8") Assert.That(patch, Is.Not.Null, $"stap 4.8 for {kernel.Release}");

        var runtime = patch is null ? null : await PatchedRuntime.GetAsync(cache, stap.Version, patch, stap.RuntimeDirectory);
        var work = Directory.CreateTempSubdirectory("stap-real").FullName;
        try
        {
            var script = Path.Combine(work, "begin.stp");
            File.WriteAllText(script, "probe begin { exit() }\n");
            var result = await new StapBuilder(stap.StapPath, cache).BuildAsync(
                new StapBuildRequest(script, kernel.BuildDir!, "stap_ph_begin", Path.Combine(work, "out"))
                { RuntimeDirectory = runtime, RuntimePatch = patch });
            TestContext.Out.WriteLine($"{string.Join(' ', result.CommandLine)}\n{result.Duration}\n{result.Stderr}");

            Assert.That(result.Success, Is.True, result.Reason);
            Assert.That(result.RuntimePatchId, Is.EqualTo(patch?.Id));
            Assert.That(VermagicOf(result.KoPath!), Does.StartWith(kernel.Release + " "));
        }
        finally { Directory.Delete(work, true); }
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

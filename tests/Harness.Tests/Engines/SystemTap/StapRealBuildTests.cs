using System.Text;
using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

/// <summary>
/// Builds a real module with the installed stap (pass 4 only: nothing is loaded on the host).
/// Needs an unpacked amd64 6.1.0-56 build tree; STAP_TEST_BUILD_TREE overrides its path.
/// To make it (about 1 minute, no root):
///   dpkg-deb -x linux-headers-6.1.0-56-amd64_6.1.192-2_amd64.deb /tmp/stapwork
///   dpkg-deb -x linux-headers-6.1.0-56-common_6.1.192-2_all.deb /tmp/stapwork
///   cd /tmp/stapwork/usr/src
///   echo "include $PWD/linux-headers-6.1.0-56-common/Makefile" > linux-headers-6.1.0-56-amd64/Makefile
///   for d in linux-headers-6.1.0-56-*; do ln -sfn /usr/lib/linux-kbuild-6.1/scripts $d/scripts;
///     ln -sfn /usr/lib/linux-kbuild-6.1/tools $d/tools; done
/// (the host needs linux-kbuild-6.1 and systemtap 4.8 installed). Cold: ~25-30 s.
/// </summary>
[Category("RealBuild")]
public class StapRealBuildTests
{
    private const string DefaultTree = "/tmp/stapwork/usr/src/linux-headers-6.1.0-56-amd64";

    [Test]
    public async Task Begin_exit_builds_with_the_patched_runtime()
    {
        var tree = Environment.GetEnvironmentVariable("STAP_TEST_BUILD_TREE") ?? DefaultTree;
        if (!File.Exists(Path.Combine(tree, ".config"))) Assert.Ignore($"no kernel build tree at {tree}; see this class's comment");
        StapRuntime stap;
        try { stap = await StapRuntime.DetectAsync(); }
        catch (FileNotFoundException e) { Assert.Ignore(e.Message); return; }
        var patch = RuntimePatchCatalogTests.Catalog().NeededBy(stap.Version, KernelRelease.Parse("6.1.0-56-amd64")).SingleOrDefault();
        if (patch is null) Assert.Ignore($"stap {stap.Version} needs no runtime patch for 6.1.0-56");

        // The harness's default cache, so stap's module cache makes reruns take seconds.
        var cache = HarnessCache.Default();
        var runtime = await PatchedRuntime.GetAsync(cache, stap.Version, patch!, stap.RuntimeDirectory);
        var work = Directory.CreateTempSubdirectory("stap-real").FullName;
        try
        {
            var script = Path.Combine(work, "begin.stp");
            File.WriteAllText(script, "probe begin { exit() }\n");
            var result = await new StapBuilder(stap.StapPath, cache).BuildAsync(
                new StapBuildRequest(script, tree, "stap_ph_begin", Path.Combine(work, "out"))
                { RuntimeDirectory = runtime, RuntimePatch = patch });
            TestContext.Out.WriteLine($"{string.Join(' ', result.CommandLine)}\n{result.Duration}\n{result.Stderr}");

            Assert.That(result.Success, Is.True, result.Reason);
            Assert.That(result.RuntimePatchId, Is.EqualTo(patch!.Id));
            Assert.That(VermagicOf(result.KoPath!), Does.StartWith("6.1.0-56-amd64 "));
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

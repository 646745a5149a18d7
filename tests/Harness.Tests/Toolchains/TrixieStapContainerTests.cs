using System.Text;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines;
using ProbeHarness.Tests.Conformance;
using ProbeHarness.Verdicts;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Tests.Toolchains;

/// <summary>
/// The trixie toolchain for real: its image (scripts/setup-docker makes it), started through
/// Testcontainers, stap 5.1 building modules for trixie's newest amd64 kernel (headers from the
/// harness cache, downloaded on first use). Pass 4 only: nothing is loaded anywhere here.
/// </summary>
[Category("Container")]
[NonParallelizable]
public class TrixieStapContainerTests
{
    private HarnessCache cache = null!;
    private ContainerStapToolchain toolchain = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        cache = HarnessCache.Default();
        toolchain = await ContainerStapToolchain.StartAsync(cache, ToolchainRecipe.Get("trixie-stap"), CancellationToken.None);
        TestContext.Progress.WriteLine($"{toolchain.Recipe.ImageTag} started in {toolchain.StartTime.TotalSeconds:0.00} s");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (toolchain is not null) await toolchain.DisposeAsync();
    }

    [Test]
    public void The_container_runs_SystemTap_5_1()
    {
        Assert.That(toolchain.Version, Is.EqualTo("5.1"));
        Assert.That(toolchain.FullVersion, Does.StartWith("5.1/"));
        Assert.That(toolchain.Version, Is.EqualTo(StapToolchainTable.ForDistro("trixie").StapVersion));
    }

    [Test]
    public async Task A_begin_probe_builds_for_the_newest_trixie_kernel()
    {
        var kernel = await TrixieKernelAsync();
        var result = await BuildAsync(kernel, "probe begin { println(\"armed\") exit() }\n", null, null);
        Assert.That(result.Success, Is.True, result.Reason + "\n" + result.Stderr);
        Assert.That(VermagicOf(result.KoPath!), Does.StartWith(kernel.Release + " "));
    }

    [Test]
    public async Task The_uprobe_unregister_patch_applies_to_5_1s_runtime_and_the_module_builds()
    {
        var kernel = await TrixieKernelAsync();
        var patch = RuntimePatchCatalog.Default().NeededBy(toolchain.Version, KernelRelease.Parse(kernel.Release)).Single();
        var runtime = await toolchain.PatchedRuntimeAsync(patch, CancellationToken.None);
        Assert.That(File.ReadAllText(Path.Combine(runtime, "transport", "transport.c")), Does.Contain("uprobe_unregister_nosync"));

        var result = await BuildAsync(kernel, "probe begin { println(\"armed\") exit() }\n", runtime, patch);
        Assert.That(result.Success, Is.True, result.Reason + "\n" + result.Stderr);
        Assert.That(result.RuntimePatchId, Is.EqualTo(patch.Id));
        Assert.That(result.CommandLine, Does.Contain("-R").And.Contain(runtime));
    }

    [Test]
    public async Task Pass_directories_run_unchanged_through_the_containers_stap()
    {
        // The kernel's real System.map, as a run has it (a boot the first time, cached per kernel): without it
        // every stap command warns that the symbol table is missing, and -W makes that warning fatal.
        var stage = await ProbeHarness.Running.KernelStage.GetAsync(cache, ArchTable.Get("x86_64"), KernelSpec.Parse("trixie"), 768, new Quiet(), CancellationToken.None);
        var probeTarget = await stage.TargetAsync(await stage.SystemMapAsync(CancellationToken.None), CancellationToken.None);
        var scratch = Directory.CreateTempSubdirectory("stap-conformance").FullName;
        var target = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(scratch, "bin"), probeTarget, underEmulation: false, CancellationToken.None);
        Assert.That(target.Stap.WorkRoot, Is.Not.Null, "a container's stap sees only its own directories");
        var tree = PassDirectory.CopyInto(TestTree.Testsuite, Path.Combine(target.Stap.WorkRoot!, "testsuite"));
        var tests = PassDirectory.Load(tree).Where(t => t.Pass <= 2).ToList();
        var results = await new PassDirectoryRunner(target.Commands(Path.Combine(scratch, "shim")), 2, TimeSpan.FromMinutes(2))
            .RunAsync(tests, null, CancellationToken.None);
        Assert.That(results.ToDictionary(r => r.Test.Name, r => r.State), Is.EquivalentTo(new Dictionary<string, TestState>
        {
            ["parseok/begin.stp"] = TestState.Pass,
            ["parseok/heredoc.stp"] = TestState.Pass,
            ["parseko/missing_operand.stp"] = TestState.XFail,
            ["parseko/unbalanced.stp"] = TestState.XFail,
            ["semok/global.stp"] = TestState.Pass,
            ["semko/type_mismatch.stp"] = TestState.XFail,
            ["semko/undefined_function.stp"] = TestState.XFail,
            ["semko/entry_outside_return.stp"] = TestState.XFail,
            ["semko/warning_made_error.stp"] = TestState.XFail,
            ["semok/no_warnings.stp"] = TestState.Pass,
        }), string.Join("\n", results.Select(r => $"{r.Test.Name}: {r.State} {r.Reason}\n{r.Log}")));
        Assert.That(target.EngineName, Does.StartWith("systemtap-5.1"));
    }

    [Test]
    public async Task A_request_outside_the_cache_is_refused_with_the_path()
    {
        var work = Directory.CreateTempSubdirectory("stap-outside").FullName;
        try
        {
            var script = Path.Combine(work, "b.stp");
            File.WriteAllText(script, "probe begin { exit() }\n");
            var e = Assert.ThrowsAsync<ArgumentException>(() =>
                toolchain.BuildAsync(new StapBuildRequest(script, work, null, work), CancellationToken.None));
            Assert.That(e!.Message, Does.Contain(work).And.Contain("outside the harness cache"));
        }
        finally { Directory.Delete(work, true); }
    }

    private async Task<StapBuildResult> BuildAsync(KernelImage kernel, string script, string? runtime, RuntimePatch? patch)
    {
        var work = Directory.CreateTempSubdirectory("stap-trixie").FullName;
        try
        {
            var file = Path.Combine(work, "t.stp");
            await File.WriteAllTextAsync(file, script);
            var result = await toolchain.BuildAsync(new StapBuildRequest(file, kernel.BuildDir!, null, Path.Combine(work, "out"))
                { RuntimeDirectory = runtime, RuntimePatch = patch }, CancellationToken.None);
            TestContext.Out.WriteLine($"{string.Join(' ', result.CommandLine)}\n{result.Duration}\n{result.Stderr}");
            return result;
        }
        finally { Directory.Delete(work, true); }
    }

    private async Task<KernelImage> TrixieKernelAsync()
    {
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("trixie"), ArchTable.Get("x86_64"));
        Assert.That(kernel.BuildDir, Is.Not.Null, $"{kernel} came without headers");
        return kernel;
    }

    // .modinfo is NUL-separated key=value strings; no modinfo binary needed.
    private static string VermagicOf(string ko)
    {
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(ko));
        var at = text.IndexOf("vermagic=", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "no vermagic in " + ko);
        return text[(at + "vermagic=".Length)..text.IndexOf('\0', at)];
    }
    private sealed class Quiet : ProbeHarness.Running.IRunObserver;
}

using System.Text.RegularExpressions;
using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class PatchedRuntimeTests
{
    private string _tmp = "";

    [SetUp] public void SetUp() => _tmp = Directory.CreateTempSubdirectory("patched-runtime").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_tmp, true);

    private RuntimePatch FakePatch(string diff)
    {
        var file = Path.Combine(_tmp, "fake.patch");
        File.WriteAllText(file, diff);
        return new RuntimePatch("fake", file, ["4.8"], [], 4, new Regex("x"), "reason", "bug");
    }

    private string FakeRuntime()
    {
        var rt = Directory.CreateDirectory(Path.Combine(_tmp, "runtime")).FullName;
        File.WriteAllText(Path.Combine(rt, "a.c"), "one\ntwo\n");
        return rt;
    }

    private const string GoodDiff = "--- a/a.c\n+++ b/a.c\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n";

    [Test]
    public async Task Applies_once_and_is_shared_by_concurrent_callers()
    {
        var cache = new HarnessCache(Path.Combine(_tmp, "cache"));
        var patch = FakePatch(GoodDiff);
        var rt = FakeRuntime();
        var dirs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PatchedRuntime.GetAsync(cache, "4.8", patch, rt)));
        Assert.That(dirs.Distinct().Count(), Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(dirs[0], "a.c")), Is.EqualTo("one\nthree\n"));
        Assert.That(File.ReadAllText(Path.Combine(rt, "a.c")), Is.EqualTo("one\ntwo\n"), "the source runtime is untouched");
        Assert.That(File.ReadAllText(Path.Combine(dirs[0], "..", PatchedRuntime.ManifestFile)), Does.Contain("patch: fake"));
    }

    [Test]
    public async Task A_changed_patch_is_a_new_entry()
    {
        var cache = new HarnessCache(Path.Combine(_tmp, "cache"));
        var rt = FakeRuntime();
        var first = await PatchedRuntime.GetAsync(cache, "4.8", FakePatch(GoodDiff), rt);
        var second = await PatchedRuntime.GetAsync(cache, "4.8", FakePatch(GoodDiff.Replace("three", "four")), rt);
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_patch_that_does_not_apply_names_its_file()
    {
        var cache = new HarnessCache(Path.Combine(_tmp, "cache"));
        var patch = FakePatch(GoodDiff.Replace(" one", " uno").Replace("-two", "-dos"));
        var ex = Assert.ThrowsAsync<RuntimePatchException>(() => PatchedRuntime.GetAsync(cache, "4.8", patch, FakeRuntime()));
        Assert.That(ex!.Message, Does.Contain(patch.PatchFile).And.Contain("does not apply"));
        Assert.That(Directory.GetDirectories(Path.Combine(cache.Root, PatchedRuntime.CacheKind)), Is.Empty, "no half-made entry");
    }

    [Test]
    public void A_patch_for_another_stap_version_is_refused() =>
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            PatchedRuntime.GetAsync(new HarnessCache(Path.Combine(_tmp, "cache")), "5.1", FakePatch(GoodDiff), FakeRuntime()));

    [Test]
    public async Task The_declared_patch_applies_to_the_installed_runtime()
    {
        var stock = "/usr/share/systemtap/runtime";
        if (!File.Exists(Path.Combine(stock, "stp_task_work.c"))) Assert.Ignore("SystemTap 4.8 runtime not installed (apt-get install systemtap)");
        var patch = RuntimePatchCatalogTests.Catalog().Get(RuntimePatchCatalogTests.TaskWorkId);
        var dir = await PatchedRuntime.GetAsync(new HarnessCache(Path.Combine(_tmp, "cache")), "4.8", patch, stock);
        var c = File.ReadAllText(Path.Combine(dir, "stp_task_work.c"));
        Assert.That(c, Does.Contain("\"task_work_cancel_func\"").And.Contain("STP_TASK_WORK_CANCEL_RENAMED"));
        Assert.That(c, Does.Not.Contain("typedef typeof(&task_work_cancel) task_work_cancel_fn"));
    }
}

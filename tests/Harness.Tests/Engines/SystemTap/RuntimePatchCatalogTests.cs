using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class RuntimePatchCatalogTests
{
    public const string TaskWorkId = "stap-4.8-task-work-cancel-func";

    public static RuntimePatchCatalog Catalog() => RuntimePatchCatalog.Default();

    [Test]
    public void The_repository_declares_the_task_work_patch()
    {
        var p = Catalog().Get(TaskWorkId);
        Assert.Multiple(() =>
        {
            Assert.That(p.EngineVersions, Is.EqualTo(new[] { "4.8" }));
            Assert.That(File.Exists(p.PatchFile));
            Assert.That(p.SymptomPass, Is.EqualTo(4));
            Assert.That(p.Reason, Does.Contain("task_work_cancel_func"));
            Assert.That(p.Bug, Is.Not.Empty);
        });
    }

    [Test]
    public void Needed_by_stap_48_on_every_served_bookworm_abi()
    {
        foreach (var abi in Enumerable.Range(47, 10))
            Assert.That(Catalog().NeededBy("4.8", KernelRelease.Parse($"6.1.0-{abi}-amd64")).Select(p => p.Id),
                Is.EqualTo(new[] { TaskWorkId }), $"ABI {abi}");
        Assert.That(Catalog().NeededBy("5.1", KernelRelease.Parse("6.1.0-56-amd64")), Is.Empty);
    }

    [Test]
    public void Explains_the_real_pass4_failure_only()
    {
        Assert.That(Catalog().Explaining("4.8", 4, StapSamples.Pass4TaskWorkCancel)?.Id, Is.EqualTo(TaskWorkId));
        Assert.That(Catalog().Explaining("4.8", 2, StapSamples.Pass2NoMatch), Is.Null);
        Assert.That(Catalog().Explaining("5.1", 4, StapSamples.Pass4TaskWorkCancel), Is.Null);
    }

    [Test]
    public void Missing_fields_and_files_are_named()
    {
        var dir = Directory.CreateTempSubdirectory("patches").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "x.yaml"), "id: x\npatch: x.patch\nengine_versions: ['4.8']\n");
            Assert.That(() => RuntimePatchCatalog.Load(dir),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("x.patch").And.Message.Contains("does not exist"));
            File.WriteAllText(Path.Combine(dir, "x.patch"), "");
            Assert.That(() => RuntimePatchCatalog.Load(dir),
                Throws.TypeOf<InvalidDataException>().With.Message.Contains("needed_for"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void Duplicate_ids_are_refused()
    {
        var dir = Directory.CreateTempSubdirectory("patches").FullName;
        try
        {
            var decl = "id: same\npatch: p.patch\nengine_versions: ['4.8']\nneeded_for: [{min_version: '6.11'}]\n"
                     + "symptom: {pass: 4, pattern: 'x'}\nreason: r\nbug: b\n";
            File.WriteAllText(Path.Combine(dir, "p.patch"), "");
            File.WriteAllText(Path.Combine(dir, "a.yaml"), decl);
            File.WriteAllText(Path.Combine(dir, "b.yaml"), decl);
            Assert.That(() => RuntimePatchCatalog.Load(dir), Throws.TypeOf<InvalidDataException>().With.Message.Contains("twice"));
        }
        finally { Directory.Delete(dir, true); }
    }
}

using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

/// <summary>
/// The stap 5.1 runtime patch and the failure it explains: the unpatched module builds for 6.12
/// and then fails to load in the guest, so the symptom is pass 5 and staprun's message.
/// </summary>
public class UprobeUnregisterPatchTests
{
    // What staprun printed in a trixie guest for a module built with the stock 5.1 runtime.
    private const string StockLoad = "ERROR: Can't resolve uprobe_unregister!\nERROR: Couldn't insert module '/tmp/ph/stap_x.ko': No such file or directory\n";

    private static RuntimePatch Patch => RuntimePatchCatalog.Default().Get("stap-5.1-uprobe-unregister-nosync");

    [Test]
    public void It_is_declared_for_stap_5_1_on_6_12_kernels()
    {
        Assert.That(Patch.EngineVersions, Is.EqualTo(new[] { "5.1" }));
        Assert.That(Patch.IsNeededFor(KernelRelease.Parse("6.12.118+deb13-amd64")), Is.True);
        Assert.That(Patch.IsNeededFor(KernelRelease.Parse("6.12.117+deb12-amd64")), Is.True);
        Assert.That(Patch.IsNeededFor(KernelRelease.Parse("6.11.10-amd64")), Is.False);
        Assert.That(Patch.IsNeededFor(KernelRelease.Parse("6.1.0-56-amd64")), Is.False);
    }

    [Test]
    public void The_unpatched_load_failure_is_recognised_as_this_known_one()
    {
        var catalog = RuntimePatchCatalog.Default();
        Assert.That(catalog.Explaining("5.1", 5, StockLoad)?.Id, Is.EqualTo(Patch.Id));
        Assert.That(catalog.Explaining("5.1", 4, StockLoad), Is.Null, "a build failure is another problem");
        Assert.That(catalog.Explaining("4.8", 5, StockLoad), Is.Null, "4.8 never gets that far on 6.12");
    }

    [Test]
    public void The_patch_only_adds_a_fallback_lookup_guarded_by_the_kernel_version()
    {
        var diff = File.ReadAllText(Patch.PatchFile);
        var added = diff.Split('\n').Where(l => l.StartsWith('+') && !l.StartsWith("+++")).ToList();
        var removed = diff.Split('\n').Where(l => l.StartsWith('-') && !l.StartsWith("---")).ToList();
        Assert.That(removed, Is.Empty);
        Assert.That(added, Has.Some.Contains("KERNEL_VERSION(6,12,0)"));
        Assert.That(added, Has.Some.Contains("\"uprobe_unregister_nosync\""));
    }
}

using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Exploring;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The finding path for real: kmem_cache_alloc made to return an error pointer (-EACCES), which no
/// caller expects from an allocator, crashes the guest on open(2)'s first allocation. The crash is
/// read from the console, the step is a finding, and it is the harness's (the injection was not one
/// the function can return), not the kernel's. One step, bookworm x86_64.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class ExploreCrashRealTests
{
    [Test]
    public async Task An_illegal_injection_that_crashes_the_guest_is_a_finding_blamed_on_the_harness()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-explore-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var data = Path.Combine(root, "illegal.yaml");
        await File.WriteAllTextAsync(data, """
            syscalls:
              open: phfault open /etc/ph/modules
            functions:
              - function: kmem_cache_alloc
                returns: -EACCES
                may-return: [NULL]
            """);
        var run = new RunOptions { Suite = ExplorationRun.Kind, Kernel = "bookworm", OutDirectory = root, Database = Path.Combine(root, "history.sqlite") };
        var report = await new ExplorationRun(new ExploreOptions(["open"], [], 1, run, data), HarnessCache.Default(), new NoProgress())
            .ExecuteAsync(CancellationToken.None);

        var step = report.Steps.Single();
        Assert.That((step.Verdict, step.Survived, step.State), Is.EqualTo(("crash", (bool?)false, TestState.Fail)), step.Raw);
        var finding = report.Findings.Single();
        Assert.That((finding.Kind, finding.Culprit), Is.EqualTo(("error-path-crash", Culprit.Harness)));
        Assert.That(finding.Summary, Does.Contain("BUG: unable to handle"));
        Assert.That(File.ReadAllText(Path.Combine(report.Run.Info.RunDirectory, "findings.json")), Does.Contain("open/kmem_cache_alloc/nth:1"));
    }

    private sealed class NoProgress : IRunObserver;
}

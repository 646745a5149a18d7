using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.Kernels;

/// <summary>
/// Every arch x kernel group of matrices/full.yaml names a kernel Debian serves today, chosen by the
/// harness's own resolver from the archive's package lists (no kernel is downloaded).
/// </summary>
[TestFixture, Category("Network")]
public class FullMatrixServedTests
{
    private static IEnumerable<CellGroup> Groups => Matrix.Load("full").Groups;

    [TestCaseSource(nameof(Groups))]
    public async Task The_kernel_is_served(CellGroup g)
    {
        var arch = ArchTable.Get(g.Arch);
        var spec = KernelSpec.Parse(g.Kernel);
        var archive = new DebianArchive(HarnessCache.Default(), spec.Distro!, arch.DebianArch);
        var chosen = KernelProvider.Choose(await archive.ListKernelsAsync(), spec, spec.ResolveFlavor(arch), arch);
        TestContext.Progress.WriteLine($"{g}: {chosen.Name}");
        Assert.That(chosen.Flavor, Is.EqualTo(spec.ResolveFlavor(arch)));
        Assert.That(await archive.FindAsync($"linux-headers-{chosen.Release}"), Is.Not.Null, "headers to build modules against");
    }
}

using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The harness's build tree gives SystemTap the kernel's tracepoints, as a Debian host with the
/// headers package installed does (issue 17: without the tree's `source` link stap 4.8 found none).
/// Host only, no guest: `stap -l` against bookworm's newest x86_64 headers tree. stap compiles a
/// query module over every tracepoint header the first time (minutes); its cache (the harness's
/// SYSTEMTAP_DIR, shared with runs) answers afterwards.
/// </summary>
[Category("RealBoot")]
public class TracepointTreeTests
{
    [Test]
    public async Task The_host_stap_lists_a_tracepoint_through_the_harness_build_tree()
    {
        var stap = Tool.Which("stap");
        Assert.That(stap, Is.Not.Null, "no stap on this host (scripts/setup-host installs it)");
        var cache = HarnessCache.Default();
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), ArchTable.Get("x86_64"));
        Assert.That(kernel.BuildDir, Is.Not.Null, "bookworm's kernel comes with a headers tree");
        Assert.That(Directory.Exists(Path.Combine(kernel.BuildDir!, "source", "include", "trace", "events")), "the tree's source link reaches the -common headers");

        var r = await Tool.RunAsync(stap!, ["-r", kernel.BuildDir!, "-l", "kernel.trace(\"sched:sched_switch\")"], TimeSpan.FromHours(1),
            env: new Dictionary<string, string> { ["SYSTEMTAP_DIR"] = cache.Area("systemtap") });
        Assert.That((r.ExitCode, r.Stdout.Trim()), Is.EqualTo((0, "kernel.trace(\"sched:sched_switch\")")), r.Stderr);
    }
}

using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The debug twin for real: bookworm's newest kernel rebuilt from linux-source with the debug
/// fragment (a cold build is long: hours on a loaded 2-core machine, so this has its own category
/// beside RealBoot; with the tree cached it is one boot), booted under TCG: its release, its debug
/// features present in the guest, and the kprobes KUnit suite's KTAP on the console all passing.
/// </summary>
[Category("RealBoot")]
[Category("DebugTwin")]
[Explicit("the debug twin's cold build takes 1-3 hours on 2 cores: run it with --filter TestCategory=DebugTwin")]
[NonParallelizable]
public class DebugTwinBootTests
{
    [Test]
    public async Task The_twin_boots_with_its_debug_features_and_its_kprobe_kunit_tests_pass()
    {
        var arch = ArchTable.Get("x86_64");
        var cache = HarnessCache.Default();
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm:debug"), arch,
            new Progress<string>(TestContext.Progress.WriteLine));
        Assert.That(kernel.Release, Does.EndWith(DebugTwinBuilder.ReleaseSuffix));
        foreach (var f in new[] { "vmlinux", "Module.symvers", "System.map", ".config", "include/config/kernel.release" })
            Assert.That(File.Exists(Path.Combine(kernel.BuildDir!, f)), f);
        Assert.That(SystemMapMaker.IsReal(kernel.SystemMapPath!), "the twin's own System.map");

        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, CancellationToken.None);
        var work = Path.Combine(Path.GetTempPath(), $"ph-twin-{Guid.NewGuid():N}");
        await using var m = await QemuMachine.BootAsync(new MachineConfig(arch, kernel.KernelPath, initrd, work, []), null, CancellationToken.None);
        TestContext.Out.WriteLine($"QEMU start to agent ready: {m.BootTime.TotalSeconds:0.0} s ({kernel.Release})");
        Assert.That(m.Agent.GuestRelease, Is.EqualTo(kernel.Release));

        var r = await m.Agent.RunAsync(
            "grep -q . /sys/kernel/debug/fail_function/injectable && echo fail_function; " +
            "test -e /sys/kernel/debug/kcov && echo kcov; " +
            "dmesg | grep -q 'KernelAddressSanitizer initialized' && echo kasan; " +
            "test -e /proc/lockdep && echo lockdep",
            TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.That(r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "fail_function", "kcov", "kasan", "lockdep" }), r.StderrText);
        await m.ShutdownAsync(TimeSpan.FromSeconds(20));

        var cases = KtapResults.Parse(await File.ReadAllTextAsync(m.Console.LogPath));
        var kprobes = cases.Where(c => c.Suite == "kprobes_test").ToList();
        TestContext.Out.WriteLine(string.Join("\n", kprobes.Select(c => $"{c.State} {c.Name} {c.Reason}")));
        Assert.That(kprobes, Is.Not.Empty, "the kprobes KUnit suite printed no KTAP");
        Assert.That(kprobes.Where(c => c.State == TestState.Fail).Select(c => $"{c.Name}: {c.Diagnostics}"), Is.Empty);
    }
}

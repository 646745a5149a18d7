using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Running;

namespace ProbeHarness.Benchmarks;

/// <summary>Wall times of one benchmark, seconds.</summary>
public sealed record ConformanceFigures(int Examples, int Jobs, double HarnessCold, double SerialCold, double HarnessWarm, double SerialWarm)
{
    public double ColdRatio => SerialCold / HarnessCold;
    public double WarmRatio => SerialWarm / HarnessWarm;
}

/// <summary>
/// The examples' test_check set through the harness (the stap shim, host jobs in parallel) against a
/// plain serial loop of the same stap commands (sh -c, one after another, same kernel target) on the
/// same machine. Cold: each side starts from its own empty stap cache; warm: each side again, on the
/// cache it just filled. Both sides run the identical command lines with the identical target.
/// </summary>
public static class ConformanceBenchmark
{
    public static async Task<ConformanceFigures> RunAsync(HarnessCache cache, string archName, string kernelSpec, string? only,
        int jobs, string workDir, Action<string> say, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse(kernelSpec), arch, null, ct);
        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, ct);
        var map = await SystemMapMaker.GetAsync(cache, kernel, d => new MachineConfig(arch, kernel.KernelPath, initrd, d, []), ct);
        var build = kernel.BuildDir is null ? null : await BuildTreeWithMap.GetAsync(cache, kernel.BuildDir, map, ct);
        var stap = await StapRuntime.DetectAsync(ct);
        var root = await ExamplesCollection.GetAsync(cache, stap.Version, null, ct);
        var regex = only is null ? null : new System.Text.RegularExpressions.Regex(only);
        var examples = ExamplesCollection.Load(root).Where(e => e.Check is not null && (regex?.IsMatch(e.TestName) ?? true)).ToList();
        say($"{examples.Count} examples' test_check, {jobs} harness jobs, kernel {kernel.Release}");
        var target = await ConformanceTarget.CreateAsync(cache, stap, new ProbeTarget(arch, kernel.Release, build, map), Accelerator.For(arch) == "tcg", ct);
        if (Directory.Exists(workDir)) Directory.Delete(workDir, true);

        // Separate empty stap caches, so neither side warms the other's.
        var harnessSide = target with { SystemtapDir = Path.Combine(workDir, "stap-cache-harness") };
        var serialSide = target with { SystemtapDir = Path.Combine(workDir, "stap-cache-serial") };
        async Task<double> Harness(string label)
        {
            var sw = Stopwatch.StartNew();
            await new ExamplesRunner(harnessSide, Path.Combine(workDir, "harness"), jobs, withGuest: false).PrepareAsync(root, examples, null, ct);
            say($"{label}: {sw.Elapsed.TotalSeconds:0.0} s");
            return sw.Elapsed.TotalSeconds;
        }
        async Task<double> Serial(string label)
        {
            var commands = serialSide.Commands(Path.Combine(workDir, "serial-shim"));
            var sw = Stopwatch.StartNew();
            foreach (var e in examples)
                await commands.ShellAsync(e.Check!, e.Directory, ExamplesRunner.HostTimeout, ct);
            say($"{label}: {sw.Elapsed.TotalSeconds:0.0} s");
            return sw.Elapsed.TotalSeconds;
        }
        var serialCold = await Serial("serial loop, cold");
        var harnessCold = await Harness("harness, cold");
        var serialWarm = await Serial("serial loop, warm");
        var harnessWarm = await Harness("harness, warm");
        return new ConformanceFigures(examples.Count, jobs, harnessCold, serialCold, harnessWarm, serialWarm);
    }
}

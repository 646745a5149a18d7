using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;

namespace ProbeHarness.Benchmarks;

/// <summary>Wall times of one benchmark, seconds.</summary>
public sealed record ConformanceFigures(int Examples, int Jobs, double HarnessCold, double SerialCold, double HarnessWarm, double SerialWarm,
    double HarnessRemembered)
{
    public double ColdRatio => SerialCold / HarnessCold;
    public double WarmRatio => SerialWarm / HarnessWarm;
    public double RememberedRatio => SerialWarm / HarnessRemembered;
}

/// <summary>
/// The examples' test_check set through the harness (the stap shim, host jobs in parallel) against a
/// plain serial loop of the same stap commands on the same machine, both doing what SystemTap's
/// check.exp does per example: test_support, then test_check if supported. Same command lines,
/// same kernel target. Cold: each side from its own empty stap cache (and the harness from an empty
/// store of remembered results); warm: each side again on the stap cache it just filled, the
/// harness once without and once with the results it remembered.
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
        await using var engine = await SystemTapEngine.CreateAsync(cache, Accelerator.For(arch) == "tcg", kernel.Distro, ct);
        var toolchain = await engine.ToolchainForAsync(kernel.Release, ct);
        var target = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(workDir, "bin"), new ProbeTarget(arch, kernel.Release, build, map),
            Accelerator.For(arch) == "tcg", ct);
        // A toolchain container sees only its own directories: the benchmark's files go there.
        workDir = target.WorkDirectory(workDir, "bench-conformance");
        var root = await ExamplesCollection.GetAsync(cache, target.Version, null, ct);
        var regex = only is null ? null : new System.Text.RegularExpressions.Regex(only);
        var examples = ExamplesCollection.Load(root).Where(e => e.Check is not null && (regex?.IsMatch(e.TestName) ?? true)).ToList();
        say($"{examples.Count} examples' test_support + test_check, {jobs} harness jobs, kernel {kernel.Release}");
        // Every folder the benchmark uses starts empty (the work folder also holds the toolchain's stap program).
        string Empty(string name)
        {
            var path = Path.Combine(workDir, name);
            if (Directory.Exists(path)) Directory.Delete(path, true);
            return path;
        }

        // Separate empty stap caches, so neither side warms the other's.
        var harnessSide = target.WithSystemtapDir(Empty("stap-cache-harness"));
        var serialSide = target.WithSystemtapDir(Empty("stap-cache-serial"));
        var remembered = Empty("remembered-harness");
        var harnessWork = Empty("harness");
        var serialShim = Empty("serial-shim");
        var serialTree = Empty("serial-examples"); // written to by some command lines, as the harness's copy is
        FileTree.Copy(root, serialTree);
        async Task<double> Harness(string label, bool remember)
        {
            var sw = Stopwatch.StartNew();
            var runner = new ExamplesRunner(harnessSide, harnessWork, jobs, withGuest: false, remember ? remembered : null);
            var outcomes = await runner.PrepareAsync(root, examples, null, ct);
            say($"{label}: {sw.Elapsed.TotalSeconds:0.0} s ({Counts(outcomes.Select(o => o.State?.ToString() ?? "guest"))})");
            return sw.Elapsed.TotalSeconds;
        }
        async Task<double> Serial(string label)
        {
            var commands = serialSide.Commands(serialShim);
            var states = new List<string>();
            var sw = Stopwatch.StartNew();
            foreach (var e in examples)
            {
                if (e.Support is { } support && !(await commands.ShellAsync(support, Path.Combine(serialTree, e.Category), ExamplesRunner.QuietHostTimeout, ct)).Ok)
                {
                    states.Add("unsupported");
                    continue;
                }
                states.Add((await commands.ShellAsync(e.Check!, Path.Combine(serialTree, e.Category), ExamplesRunner.QuietHostTimeout, ct)).Ok ? "ok" : "failed");
            }
            say($"{label}: {sw.Elapsed.TotalSeconds:0.0} s ({Counts(states)})");
            return sw.Elapsed.TotalSeconds;
        }
        var serialCold = await Serial("serial loop, cold");
        var harnessCold = await Harness("harness, cold", remember: true);
        var serialWarm = await Serial("serial loop, warm");
        var harnessWarm = await Harness("harness, warm stap cache", remember: false);
        var harnessRemembered = await Harness("harness, warm stap cache + remembered results", remember: true);
        return new ConformanceFigures(examples.Count, jobs, harnessCold, serialCold, harnessWarm, serialWarm, harnessRemembered);
    }

    private static string Counts(IEnumerable<string> states) =>
        string.Join(", ", states.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
}

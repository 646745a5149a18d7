using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Nightly;

/// <summary>What one night did: its id and directory, the comparison with the last good night, the gate.</summary>
public sealed record NightReport(RunInfo Night, IReadOnlyList<TestResult> Results, ComparisonReport Comparison, int ExitCode);

/// <summary>
/// One night, start to end: run the matrix (its `bookworm`/`trixie` kernels resolve to the newest
/// ABIs served tonight) for each suite; measure probe overhead on x86_64; record the night as a
/// set of its runs in the history; compare with the last good night (or, before there is one,
/// the newest night); write nightly.md, compare.md and compare.json; gate on the comparison.
/// </summary>
public sealed class NightlyRun(NightlyOptions options, HarnessCache cache, IRunObserver observer)
{
    public const string Kind = "nightly";

    public async Task<NightReport> ExecuteAsync(Action<string> say, CancellationToken ct)
    {
        // Plan.
        var matrix = Matrix.Load(options.Matrix);
        var suites = options.Suites.Count > 0 ? options.Suites : [matrix.Suite];
        var started = DateTimeOffset.UtcNow;
        var id = $"{started:yyyyMMdd-HHmmss}-{Kind}-{matrix.Name}-{Guid.NewGuid().ToString("N")[..6]}";
        var dir = Path.GetFullPath(Path.Combine(options.OutDirectory, id));
        Directory.CreateDirectory(dir);
        var run = new RunOptions { OutDirectory = dir, Database = options.Database, MachineryCoverage = options.MachineryCoverage };

        // Run the matrix once per suite; every group is a run of its own in the history, under this night's directory.
        var results = new List<TestResult>();
        foreach (var suite in suites)
        {
            say($"matrix {matrix.Name}, suite {suite}: {matrix.CellCount} cells");
            var (report, _, _) = await new MatrixRun(matrix with { Suite = suite }, run, cache, observer)
                .ExecuteAsync(options.Parallel ?? MatrixRun.DefaultParallelism(run.GuestMemoryMb), ct);
            results.AddRange(report.Results);
        }

        // Overhead on the night's x86_64 kernel, raw samples kept for the next night's test.
        var overhead = await MeasureOverheadAsync(matrix, results, say, ct);
        var coverage = await MeasureCoverageAsync(results, say, ct);

        // Record the night as the set of its runs, then compare and gate.
        using var store = ResultStores.Open(options.Database ?? Path.Combine(cache.Root, "history.sqlite"));
        var night = new RunInfo(id, string.Join(",", suites), started, Environment.MachineName, dir, HarnessVersion.Text);
        var members = store.Runs().Where(r => r.RunDirectory.StartsWith(dir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(r => r.Id).ToList();
        store.BeginRun(night);
        RunSets.Add(store, new RunSet(id, Kind, matrix.Name, members));
        foreach (var m in overhead) Measurements.Add(store, m with { RunId = id });
        foreach (var c in coverage) CoverageRecords.Add(store, c with { RunId = id });

        var comparison = Compare(store, id, matrix.Name, dir);
        // The first night has nothing to compare with: its own gate stands.
        var exit = comparison.Base.Runs.Count == 0 && comparison.Note?.StartsWith(FirstNight, StringComparison.Ordinal) == true
            ? Gate.ExitCode(results)
            : comparison.ExitCode;
        store.FinishRun(id, exit, DateTimeOffset.UtcNow);
        // The suites' runs recorded their own coverage (the probe machinery's functions) beside the night's.
        var recorded = coverage.Concat(members.SelectMany(m => CoverageRecords.Of(store, m))).ToList();
        await File.WriteAllTextAsync(Path.Combine(dir, "nightly.md"), NightlyMarkdown.Of(night, matrix, results, overhead, recorded, comparison, exit), ct);
        return new NightReport(night, results, comparison, exit);
    }

    private const string FirstNight = "first night";

    /// <summary>Against the last good night of this matrix; before there is one, the newest night; before any, nothing.</summary>
    private static ComparisonReport Compare(IResultStore store, string id, string matrixName, string dir)
    {
        var compare = new ComparisonRun(store);
        var good = compare.Execute(SideSelector.LastGood, id, null);
        if (good.Base.Runs.Count > 0) return compare.Execute(SideSelector.LastGood, id, dir, $"baseline: the last good night");
        var earlier = RunSets.All(store).Where(s => s.Kind == Kind && s.Name == matrixName && s.Id != id)
            .Select(s => s.Id).Order(StringComparer.Ordinal).LastOrDefault();
        if (earlier is not null)
            return compare.Execute(earlier, id, dir, $"no good night of {matrixName} yet: compared with the newest night, {earlier}");
        var first = compare.Execute(id, id, dir, $"{FirstNight} of {matrixName}: nothing to compare with; the run's own gate stands");
        return first with { Base = first.Base with { Runs = [] } };
    }

    /// <summary>Probe-point coverage on the night's x86_64 kernel: kprobe_events' functions (in a guest) and SystemTap's tapset aliases (on the host).</summary>
    private async Task<IReadOnlyList<CoverageRecord>> MeasureCoverageAsync(IReadOnlyList<TestResult> results, Action<string> say, CancellationToken ct)
    {
        var kernel = results.FirstOrDefault(r => r.Cell.Arch == "x86_64" && char.IsDigit(r.Cell.Kernel[0]))?.Cell.Kernel;
        if (options.CoverageSample < 0 || kernel is null) return [];
        say($"probe-point coverage on x86_64 {kernel}");
        var found = new List<CoverageRecord>();
        try
        {
            var p = await Coverage.KprobeCoverage.MeasureAsync(cache, "x86_64", Reproducer.KernelSpecOf(kernel), options.CoverageSample, ct);
            say($"{p.Family}: {p.Resolved.Count} of {p.Candidates} resolve ({p.Share:0.0%}); {p.SampleAccepted} of {p.SampleTried} sampled really registered"
                + (p.SampleRefused.Count > 0 ? $" (refused: {string.Join(", ", p.SampleRefused)})" : ""));
            found.Add(new CoverageRecord("", new Cell("x86_64", kernel, "kprobe_events-kernel"), p.Family, p.Candidates, p.Resolved));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or FormatException or Machines.MachineFailure or Kernels.InfrastructureException)
        {
            say($"kprobe_events coverage not measured tonight: {e.Message}");
        }
        if (options.TapsetFamilies.Count == 0) return found;
        try
        {
            var families = await Coverage.TapsetCoverage.MeasureAsync(cache, "x86_64", Reproducer.KernelSpecOf(kernel), options.TapsetFamilies, observer, say, ct);
            found.AddRange(families.Select(p => new CoverageRecord("", new Cell("x86_64", kernel, "systemtap"), p.Family, p.Candidates, p.Resolved)));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Machines.MachineFailure or Kernels.InfrastructureException)
        {
            say($"SystemTap tapset coverage not measured tonight: {e.Message}");
        }
        return found;
    }

    private async Task<IReadOnlyList<Measurement>> MeasureOverheadAsync(Matrix matrix, IReadOnlyList<TestResult> results, Action<string> say, CancellationToken ct)
    {
        var kernel = results.FirstOrDefault(r => r.Cell.Arch == "x86_64" && char.IsDigit(r.Cell.Kernel[0]))?.Cell.Kernel;
        var spec = matrix.Groups.FirstOrDefault(g => g.Arch == "x86_64")?.Kernel;
        if (options.OverheadReps <= 0 || kernel is null || spec is null) return [];
        // The spec as the matrix gave it, pinned to tonight's ABI so the benchmark boots the same kernel.
        var pinned = Reproducer.KernelSpecOf(kernel);
        say($"overhead: {options.OverheadReps} interleaved repetitions on x86_64 {kernel}");
        try
        {
            var probes = OverheadBenchmark.Standard.Select(p => options.InjectSlowHandler && p.Name == "kprobe" ? (p.Name, OverheadBenchmark.Slowed.Definition) : p).ToList();
            var cell = new Cell("x86_64", kernel, "kprobe_events-kernel");
            var found = new List<Measurement>();
            // Wall-clock figures, and instruction-counted ones (-icount) that host load cannot move.
            foreach (var icount in new[] { false, true })
            {
                var f = await OverheadBenchmark.RunAsync(cache, "x86_64", pinned, options.OverheadCalls, options.OverheadReps, probes, say, ct, icount);
                found.AddRange(f.Samples.Select(kv => new Measurement("", cell, icount ? kv.Key + OverheadAnalyser.IcountSuffix : kv.Key, "ns/hit", kv.Value)));
            }
            return found;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or Machines.MachineFailure or Kernels.InfrastructureException)
        {
            say($"overhead not measured tonight: {e.Message}");
            return [];
        }
    }
}

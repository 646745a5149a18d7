using System.Collections.Concurrent;
using System.Diagnostics;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Machines;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>What one cell of a matrix did: where its time went and how its tests ended.</summary>
public sealed record CellReport(
    string Arch,
    string Kernel,
    string Engine,
    IReadOnlyList<TimeSpan> Boots,
    IReadOnlyList<TimeSpan> Restores,
    TimeSpan Build,
    TimeSpan Wall,
    bool ModuleLoaded,
    IReadOnlyDictionary<TestState, int> States,
    string? Failure)
{
    public string Name => $"{Arch}/{Kernel}/{Engine}";
}

/// <summary>
/// A matrix: each arch x kernel group is one <see cref="HarnessRun"/> (one kernel download, one
/// System.map, one guest per engine), and groups run side by side, as many as cores and memory
/// allow. Every group writes under the matrix's run directory, which also gets the files of the
/// whole matrix and its cell table.
/// </summary>
public sealed class MatrixRun(Matrix matrix, RunOptions options, HarnessCache cache, IRunObserver observer)
{
    /// <summary>Guests at once: one per core, fewer when memory is short.</summary>
    public static int DefaultParallelism(int guestMemoryMb)
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        return (int)Math.Max(1, Math.Min(Environment.ProcessorCount, memory / Math.Max(256, guestMemoryMb * 2)));
    }

    public async Task<(RunReport Report, IReadOnlyList<CellReport> Cells, TimeSpan Wall)> ExecuteAsync(int parallel, CancellationToken ct)
    {
        var start = RunStart.New(options.OutDirectory, $"matrix-{matrix.Name}").Make();
        var dir = start.Directory;
        var wall = Stopwatch.StartNew();
        var reports = new ConcurrentBag<(int Order, RunReport Report, IReadOnlyList<CellReport> Cells)>();
        await Parallel.ForEachAsync(matrix.Groups.Select((g, i) => (g, i)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct },
            async (item, c) =>
            {
                var (group, order) = item;
                var timing = new CellTiming(observer);
                var groupOptions = options with
                {
                    Suite = matrix.Suite, Arch = group.Arch, Kernel = group.Kernel, Engines = group.Engines,
                    OutDirectory = dir,
                    // Builds share the cores with the other groups' guests.
                    BuildJobs = Math.Max(1, options.BuildJobs / Math.Max(1, parallel)),
                };
                RunReport report;
                using var aborted = AbortedRuns.Scope();
                try
                {
                    report = await new HarnessRun(groupOptions, cache, timing).ExecuteAsync(c);
                }
                catch (Exception e) when (!c.IsCancellationRequested && e is not OperationCanceledException)
                {
                    // One group's failure is that group's: the others finish, and its tests say why they were not judged.
                    report = GroupFailure.Report(matrix.Suite, group, e, dir);
                    var reason = report.Results.FirstOrDefault()?.Reason ?? GroupFailure.Prefix;
                    aborted.Explain(reason);
                    observer.Phase(group.ToString(), reason);
                    if (options.Shard is { } shard) RecordFailedGroup(shard, group, report);
                }
                reports.Add((order, report, timing.Cells(group, report.Results)));
            });
        var ordered = reports.OrderBy(r => r.Order).ToList();
        var results = ordered.SelectMany(r => r.Report.Results).ToList();
        var info = new RunInfo(start.Id, matrix.Suite, start.Started, Environment.MachineName, dir, HarnessVersion.Text);
        var whole = new RunReport(info, results, Gate.ExitCode(results));
        HarnessRun.Exporters().Export(whole, dir);
        var cells = ordered.SelectMany(r => r.Cells).ToList();
        await File.WriteAllTextAsync(Path.Combine(dir, "cells.md"), CellTable.Markdown(matrix, cells, wall.Elapsed, parallel), ct);
        return (whole, cells, wall.Elapsed);
    }

    /// <summary>A shard's failed group joins the shared run with its reasons; the history may be what failed (best effort).</summary>
    private void RecordFailedGroup(Sharding.ShardMembership shard, CellGroup group, RunReport failed)
    {
        try
        {
            Sharding.ShardedRun.RecordFailedGroup(options.Database ?? Path.Combine(cache.Root, "history.sqlite"), shard, group, failed);
        }
        catch (Exception e) when (e is Results.HistoryException or System.Data.Common.DbException or InvalidOperationException)
        {
            observer.Phase(group.ToString(), $"not stored in the history: {e.Message}");
        }
    }

    /// <summary>
    /// Times a group's cells from the run's hooks: a cell starts at BeforeSuite, its build phase
    /// lasts until its first test starts, and every boot in between is the cell's.
    /// </summary>
    private sealed class CellTiming(IRunObserver inner) : IRunObserver
    {
        private sealed class Times
        {
            public readonly Stopwatch Wall = Stopwatch.StartNew();
            public TimeSpan? Build;
            public readonly List<TimeSpan> Boots = [];
            public readonly List<TimeSpan> Restores = [];
        }

        private readonly Dictionary<string, Times> _cells = new();
        private string? _current;

        public void Phase(string cell, string what)
        {
            lock (_cells)
                if (_current == cell && _cells[cell] is { Build: null } t && !what.StartsWith("building ", StringComparison.Ordinal))
                    t.Build = t.Wall.Elapsed;
            inner.Phase(cell, what);
        }

        public void BeforeSuite(string cell, int tests)
        {
            lock (_cells)
            {
                if (_current is { } previous) _cells[previous].Wall.Stop();
                _cells[cell] = new Times();
                _current = cell;
            }
            inner.BeforeSuite(cell, tests);
        }

        public void AfterSuite(string cell)
        {
            lock (_cells) _cells[cell].Wall.Stop();
            inner.AfterSuite(cell);
        }

        public void AfterBoot(QemuMachine machine)
        {
            lock (_cells) if (_current is { } c) (machine.Restored ? _cells[c].Restores : _cells[c].Boots).Add(machine.BootTime);
            inner.AfterBoot(machine);
        }

        public void BeforeBoot(MachineConfig config) => inner.BeforeBoot(config);
        public void TestFinished(TestResult result) => inner.TestFinished(result);
        public void AfterShutdown(QemuMachine machine) => inner.AfterShutdown(machine);

        public IReadOnlyList<CellReport> Cells(CellGroup group, IReadOnlyList<TestResult> results)
        {
            lock (_cells)
            {
                var byCell = results.GroupBy(r => r.Cell.ToString()).ToDictionary(g => g.Key, g => g.ToList());
                var list = new List<CellReport>();
                foreach (var engine in group.Engines)
                {
                    var key = byCell.Keys.FirstOrDefault(k => k.EndsWith($"/{engine}", StringComparison.Ordinal) || k.Contains($"/{engine}-", StringComparison.Ordinal));
                    var rs = key is null ? [] : byCell[key];
                    var times = key is not null && _cells.TryGetValue(key, out var t) ? t : null;
                    var setupFailure = rs.FirstOrDefault(r => r.Reason?.StartsWith("setup failed", StringComparison.Ordinal) == true
                                                              || r.Reason?.StartsWith(GroupFailure.Prefix, StringComparison.Ordinal) == true)?.Reason;
                    list.Add(new CellReport(group.Arch, rs.FirstOrDefault()?.Cell.Kernel ?? group.Kernel,
                        rs.FirstOrDefault()?.Cell.Engine ?? engine,
                        times?.Boots ?? [], times?.Restores ?? [], times?.Build ?? TimeSpan.Zero, times?.Wall.Elapsed ?? TimeSpan.Zero,
                        // A test that ran in the guest (not a build failure) loaded its probes.
                        rs.Any(r => r.State is TestState.Pass or TestState.XPass or TestState.KPass || r.Crash is not null),
                        rs.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count()), setupFailure));
                }
                return list;
            }
        }
    }
}

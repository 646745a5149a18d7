using System.Diagnostics;
using System.Text.RegularExpressions;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Exporters;
using ProbeHarness.GuestSessions;
using ProbeHarness.Judging;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Running;
using ProbeHarness.Snapshots;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// SystemTap's own suites, unchanged, start to end: the examples collection (test_support and
/// test_check on the host; test_installcheck's modules in pristine guests restored from a
/// snapshot), or a source tree's pass directories (host only, passes 1-4, no guest at all).
/// </summary>
public sealed class ConformanceRun(RunOptions options, HarnessCache cache, IRunObserver observer)
{
    private const string ExamplesSource = "systemtap.examples/check.exp";

    /// <summary>Boots, restores and tests per guest of the examples' guests, for the run's note and the benchmark.</summary>
    public GuestStats? Guests { get; private set; }

    public async Task<RunReport> ExecuteAsync(CancellationToken ct)
    {
        // Plan.
        var suiteName = options.StapTestsuite is not null ? ConformanceSuites.PassDirectories : ConformanceSuites.Examples;
        var only = options.Only is null ? null : new Regex(options.Only);
        var arch = ArchTable.Get(options.Arch);
        var spec = KernelSpec.Parse(options.Kernel);
        using var book = RunBook.Open(options, cache, suiteName, arch.Name, observer);

        // Kernel, headers with the real System.map (cached per kernel: a VM only the first time), the stap aimed at it.
        var stage = await KernelStage.GetAsync(cache, arch, spec, options.GuestMemoryMb, observer, ct);
        await using var stapEngine = await SystemTapKind.ForKernelAsync(cache, stage.Kernel, ct);
        var systemMap = await stage.SystemMapAsync(ct);
        var probeTarget = await stage.TargetAsync(systemMap, ct);
        var toolchain = await stapEngine.ToolchainForAsync(stage.Kernel.Release, ct);
        var target = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(book.Directory, "bin"), probeTarget, Accelerator.For(arch) == "tcg", ct);
        var cell = new Cell(arch.Name, stage.Kernel.Release, target.EngineName);
        // The suites' files must be where the toolchain's stap sees them (a container sees its exchange directory).
        var work = target.WorkDirectory(Path.Combine(book.Directory, "work"), Path.GetFileName(book.Directory));
        // Host results of unchanged inputs answer from earlier runs (passes 1-4 are deterministic in them).
        var remembered = options.Fresh ? null : cache.Area("conformance-results");

        if (options.StapTestsuite is { } tree)
            await RunPassDirectoriesAsync(book, suiteName, tree, only, target, cell, work, remembered, ct);
        else
            await RunExamplesAsync(book, suiteName, stage, stapEngine, systemMap, only, target, cell, work, remembered, ct);
        return book.Finish();
    }

    /// <summary>A testsuite tree's pass directories, on the host, in parallel.</summary>
    private async Task RunPassDirectoriesAsync(RunBook book, string suiteName, string tree, Regex? only, ConformanceTarget target, Cell cell,
        string work, string? remembered, CancellationToken ct)
    {
        if (target.Stap.WorkRoot is not null) tree = PassDirectory.CopyInto(tree, Path.Combine(work, "testsuite"));
        var tests = PassDirectory.Load(tree).Where(t => only?.IsMatch(t.Name) ?? true).ToList();
        observer.BeforeSuite(cell.ToString(), tests.Count);
        observer.Phase(cell.ToString(), $"{tests.Count} pass-directory tests on the host");
        var commands = target.Commands(Path.Combine(work, "shim"));
        if (remembered is not null)
            commands = commands with { Memory = PassDirectory.Remembered(remembered, tree, target) };
        var runner = new PassDirectoryRunner(commands, options.BuildJobs, TimeSpan.FromMinutes(5));
        foreach (var (t, state, culprit, reason, took, log) in await runner.RunAsync(tests, null, ct))
        {
            await WriteLogAsync(book.Directory, t.Name, log, ct);
            book.Record(new TestResult(suiteName, t.Name, cell, state, culprit, reason, took, log), t.Source);
        }
        observer.AfterSuite(cell.ToString());
    }

    /// <summary>The examples: the host part in parallel, then each runtime test in a pristine guest.</summary>
    private async Task RunExamplesAsync(RunBook book, string suiteName, KernelStage stage, SystemTapEngine stapEngine, string systemMap,
        Regex? only, ConformanceTarget target, Cell cell, string work, string? remembered, CancellationToken ct)
    {
        var arch = stage.Arch.Name;
        observer.Phase(arch, "examples collection");
        var root = await ExamplesCollection.GetAsync(cache, target.Version, new PhaseProgress(observer, arch), ct);
        var examples = ExamplesCollection.Load(root).Where(e => only?.IsMatch(e.TestName) ?? true).ToList();
        observer.BeforeSuite(cell.ToString(), examples.Count);
        var hostDone = 0;
        var outcomes = await new ExamplesRunner(target, work, options.BuildJobs, !options.HostOnly, remembered).PrepareAsync(root, examples,
            e => observer.Phase(cell.ToString(), $"host {Interlocked.Increment(ref hostDone)}/{examples.Count}: {e.TestName}"), ct);
        foreach (var o in outcomes.Where(o => !o.NeedsGuest))
        {
            await WriteLogAsync(book.Directory, o.Example.TestName, o.Log, ct);
            book.Record(new TestResult(suiteName, o.Example.TestName, cell, o.State!.Value, o.Culprit, o.Reason, o.HostTime, o.Log), ExamplesSource);
        }
        var runtime = outcomes.Where(o => o.NeedsGuest).ToList();
        if (runtime.Count > 0)
        {
            var initrd = await stage.InitrdAsync(stapEngine.GuestPackages, ct);
            await using var guests = new GuestSession(stage.Machines(initrd), Path.Combine(book.Directory, "guests"), observer,
                SymbolTable.Load(systemMap), pristine: true, new SnapshotCache(cache));
            foreach (var o in runtime)
            {
                observer.Phase(cell.ToString(), $"guest: {o.Example.TestName}");
                var sw = Stopwatch.StartNew();
                var outcome = await guests.RunAsync(o.Example.TestName, o.GuestRun!, stapEngine, ExamplesRunner.GuestTimeout, ct);
                var (state, culprit, reason) = ExamplesRunner.JudgeGuest(outcome);
                var log = $"{o.Log}\n--- guest ---\n$ {o.Example.InstallCheck}\n{OutcomeText.Of(outcome)}";
                await WriteLogAsync(book.Directory, o.Example.TestName, log, ct);
                book.Record(new TestResult(suiteName, o.Example.TestName, cell, state, culprit, reason, o.HostTime + sw.Elapsed,
                    OutcomeText.Of(outcome), (outcome as Outcome.Crashed)?.Crash, guests.LastConsoleLog), ExamplesSource);
            }
            Guests = GuestStats.Of(guests);
            await File.WriteAllTextAsync(Path.Combine(book.Directory, "guests.txt"), Guests.ToString(), ct);
        }
        observer.AfterSuite(cell.ToString());
    }

    private static Task WriteLogAsync(string runDir, string test, string log, CancellationToken ct)
    {
        var dir = Path.Combine(runDir, "logs");
        Directory.CreateDirectory(dir);
        return File.WriteAllTextAsync(Path.Combine(dir, test.Replace('/', '_') + ".log"), log, ct);
    }
}

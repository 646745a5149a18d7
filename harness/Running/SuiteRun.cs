using System.Collections.Concurrent;
using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Exporters;
using ProbeHarness.GuestModules;
using ProbeHarness.GuestSessions;
using ProbeHarness.Judging;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Processes;
using ProbeHarness.Snapshots;
using ProbeHarness.Suites;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// A suite of <c>suites/</c>, start to end: plan, get the kernel, start the engines, make the
/// System.map and the guest images, then for each engine cell build the probes, boot, execute,
/// judge and store each test as it finishes; export; gate.
/// </summary>
public sealed class SuiteRun(RunOptions options, HarnessCache cache, IRunObserver observer)
{
    /// <summary>What the cells need, made once: the kernel stage, the engines, the System.map, each engine's guest image.</summary>
    private sealed record Setup(KernelStage Stage, StartedEngines Engines, string SystemMap, IReadOnlyDictionary<string, string> Initrds,
        IReadOnlyDictionary<string, BuiltModule> Modules);

    public async Task<RunReport> ExecuteAsync(CancellationToken ct)
    {
        // Plan: what to run, where it goes.
        var suite = SuiteLoader.Load(options.Suite);
        if (options.Only is { } only)
            suite = suite with { Tests = suite.Tests.Where(t => System.Text.RegularExpressions.Regex.IsMatch(t.Name, only)).ToList() };
        var arch = ArchTable.Get(options.Arch);
        var spec = KernelSpec.Parse(options.Kernel);
        using var book = RunBook.Open(options, cache, suite.Name, arch.Name, observer);

        // Images: the kernel from the distro, the engines for it, its System.map, the guest's userland per engine.
        var setup = await SetUpAsync(book, suite, arch, spec, ct);
        if (setup is null) return book.Finish();
        await using var engines = setup.Engines;
        var target = await setup.Stage.TargetAsync(setup.SystemMap, ct);
        var symbols = SymbolTable.Load(setup.SystemMap);

        // The kernel's own KUnit tests (a debug twin's), read from one boot's console.
        if (KunitAtBoot.Runs(setup.Stage.Kernel))
            foreach (var r in await KunitAtBoot.RunAsync(setup.Stage, suite.Name, Path.Combine(book.Directory, "kunit-boot"), observer, ct))
                book.Record(r);

        // Cells: one guest session per engine, so one engine's settings never leak into another's.
        foreach (var engine in engines.All)
            await RunCellAsync(book, suite, engine, target, setup.Stage.Machines(setup.Initrds[engine.Name]), symbols, setup.Modules, ct);
        return book.Finish();
    }

    /// <summary>Everything before the first cell; when the infrastructure fails here, every test is recorded unresolved and null returned.</summary>
    private async Task<Setup?> SetUpAsync(RunBook book, Suite suite, Arch arch, KernelSpec spec, CancellationToken ct)
    {
        StartedEngines? engines = null;
        try
        {
            var stage = await KernelStage.GetAsync(cache, arch, spec, options.GuestMemoryMb, observer, ct);
            engines = await EngineRegistry.StartAsync(options.Engines.Distinct(), new EngineContext(cache, stage.Kernel), ct);
            var initrds = new Dictionary<string, string>();
            foreach (var e in engines.All) initrds[e.Name] = await stage.InitrdAsync(e.GuestPackages, ct);
            // The harness's own modules the tests load, built once for this kernel.
            var modules = new Dictionary<string, BuiltModule>();
            foreach (var name in suite.Tests.Where(t => options.Engines.Any(e => t.RunsOn(e, arch.Name)))
                         .SelectMany(t => t.Modules).Distinct())
                modules[name] = await new ModuleBuilder(cache).BuildAsync(ModuleSource.Get(name), stage.Kernel, ct);
            return new Setup(stage, engines, await stage.SystemMapAsync(ct), initrds, modules);
        }
        catch (Exception e)
        {
            if (engines is not null) await engines.DisposeAsync();
            if (e is not (InfrastructureException or MachineFailure or ToolFailedException or IOException)) throw;
            // Nothing could run: every test is unresolved, with who is at fault.
            var culprit = e is MachineFailure mf ? mf.Culprit : Culprit.Infrastructure;
            var kernel = LocalKernel.CellName(options.Kernel);
            foreach (var engineName in options.Engines)
                foreach (var t in suite.Tests.Where(t => t.RunsOn(engineName, arch.Name)))
                    book.Record(new TestResult(suite.Name, t.Name, new Cell(arch.Name, kernel, engineName),
                        TestState.Unresolved, culprit, $"setup failed: {e.Message}", TimeSpan.Zero, ""));
            return null;
        }
    }

    /// <summary>One engine's cell: plan its tests, build their probes, then run and judge them one by one in its guests.</summary>
    private async Task RunCellAsync(RunBook book, Suite suite, IProbeEngine engine, ProbeTarget target, Func<string, MachineConfig> machines,
        SymbolTable symbols, IReadOnlyDictionary<string, BuiltModule> modules, CancellationToken ct)
    {
        var cell = new Cell(target.Arch.Name, target.KernelRelease, $"{engine.Name}-{engine.Version}");
        var cellDir = Path.Combine(book.Directory, $"{target.Arch.Name}-{target.KernelRelease}-{engine.Name}");
        Directory.CreateDirectory(cellDir);
        var facts = new CellFacts(target.Arch.Name, target.KernelRelease, engine.Name, engine.Version, HasDebuginfo: false);
        var ofEngine = suite.Tests.Where(t => t.IsFor(engine.Name)).ToList();
        observer.BeforeSuite(cell.ToString(), ofEngine.Count);

        // Plan: a test whose conditions or prerequisites this cell does not meet says why.
        foreach (var t in ofEngine.Where(t => t.Unsupported(facts) is not null))
            book.Record(new TestResult(suite.Name, t.Name, cell, TestState.Unsupported, Culprit.None, t.Unsupported(facts), TimeSpan.Zero, ""));
        var tests = ofEngine.Where(t => t.Unsupported(facts) is null).ToList();

        // Build: host-side work in parallel, before any guest is needed.
        observer.Phase(cell.ToString(), $"building {tests.Count} probes");
        var prepared = await PrepareAllAsync(engine, tests, target, cellDir, ct);

        // Execute and judge, test by test, storing each as soon as it is judged.
        var tracer = options.MachineryCoverage ? new MachineryTracer() : null;
        await using var guests = new GuestSession(machines, cellDir, observer, symbols, suite.Guest == GuestMode.Pristine, new SnapshotCache(cache), tracer);
        foreach (var test in tests)
        {
            var (built, buildTime) = prepared[test.Name];
            var probe = ModuleLoading.Wrap(built, test.Modules.Select(m => modules[m]).ToList(), Path.Combine(cellDir, "build", test.Name, "engine.sh"));
            observer.Phase(cell.ToString(), test.Name);
            var sw = Stopwatch.StartNew();
            var outcome = probe.Unsupported is { } unsupported ? new Outcome.NotRunnable(unsupported)
                : !probe.Ok ? new Outcome.BuildFailed(probe.FailedPass, probe.Reason ?? "build failed", probe.Log)
                : probe.HostOnly ? new Outcome.Ran(0, "", "")
                : await guests.RunAsync(test.Name, probe, engine, test.Timeout, ct);
            using var judging = Profiling.Phases.Begin(Profiling.Phase.Judge, test.Name);
            var verdict = Judge.Decide(test.Expect.In(facts), outcome);
            await File.WriteAllTextAsync(Path.Combine(cellDir, $"{test.Name}.build.log"), probe.Log, ct);
            book.Record(new TestResult(suite.Name, test.Name, cell, verdict.State, verdict.Culprit, verdict.Reason,
                buildTime + sw.Elapsed, OutcomeText.Of(outcome), (outcome as Outcome.Crashed)?.Crash,
                probe.Ok && !probe.HostOnly ? guests.LastConsoleLog : null));
        }
        if (tracer is not null) await RecordMachineryAsync(book, suite, cell, cellDir, tracer, ct);
        observer.AfterSuite(cell.ToString());
    }

    /// <summary>The machinery functions the cell's tests exercised: into the history, and listed in the cell's machinery-coverage.txt.</summary>
    private async Task RecordMachineryAsync(RunBook book, Suite suite, Cell cell, string cellDir, MachineryTracer tracer, CancellationToken ct)
    {
        var family = Coverage.MachineryTrace.Family(suite.Name);
        var notes = tracer.Problems.Select(p => $"# {p}").ToList();
        if (tracer.Dropped > 0) notes.Add($"# {tracer.Dropped} events dropped: the buffer was full, a rare function may be missing");
        if (tracer.Refused.Count > 0) notes.Add($"# globs the kernel refused: {string.Join(" ", tracer.Refused)}");
        await File.WriteAllLinesAsync(Path.Combine(cellDir, "machinery-coverage.txt"),
            [$"# {family}: {tracer.Functions.Count} of {tracer.Filtered} functions in the filter", .. notes, .. tracer.Functions], ct);
        observer.Phase(cell.ToString(), $"{family}: {tracer.Functions.Count} of {tracer.Filtered}");
        // A guest that could not be traced is no figure: recording it would read as every function lost.
        if (tracer.Filtered > 0 && tracer.Functions.Count > 0)
            book.Record(new Results.CoverageRecord("", cell, family, tracer.Filtered, tracer.Functions.ToList()));
    }

    private async Task<Dictionary<string, (PreparedProbe, TimeSpan)>> PrepareAllAsync(
        IProbeEngine engine, IReadOnlyList<SuiteTest> tests, ProbeTarget target, string cellDir, CancellationToken ct)
    {
        var done = new ConcurrentDictionary<string, (PreparedProbe, TimeSpan)>();
        await Parallel.ForEachAsync(tests, new ParallelOptions { MaxDegreeOfParallelism = options.BuildJobs, CancellationToken = ct },
            async (t, c) =>
            {
                var sw = Stopwatch.StartNew();
                using var phase = Profiling.Phases.Begin(Profiling.Phase.Build, t.Name);
                PreparedProbe p;
                try
                {
                    p = await engine.PrepareAsync(t, target, Path.Combine(cellDir, "build", t.Name), c);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or Engines.SystemTap.RuntimePatchException)
                {
                    p = PreparedProbe.Failed(null, $"engine could not prepare the probe: {e.Message}", e.ToString(), sw.Elapsed);
                }
                done[t.Name] = (p, sw.Elapsed);
            });
        return new(done);
    }
}

using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines;
using ProbeHarness.Exporters;
using ProbeHarness.Guest;
using ProbeHarness.Judging;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Results;
using ProbeHarness.Suites;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// One run, start to end: plan, get the kernel, build the guest image, make the System.map,
/// then for each engine cell build the probes, boot, execute, judge and store each test as it
/// finishes; export; gate. Everything a run does is readable here; the parts live in their folders.
/// </summary>
public sealed class HarnessRun(RunOptions options, HarnessCache cache, IRunObserver observer)
{
    /// <summary>
    /// The files every run writes; <paramref name="sourceOf"/> names each result's source in the .sum ("Running X ...");
    /// <paramref name="history"/> gives the HTML report its trends.
    /// </summary>
    public static IExporter Exporters(Func<TestResult, string>? sourceOf = null, IResultStore? history = null)
    {
        var dejagnu = new DejaGnuOptions(SourceOf: sourceOf);
        return new CompositeExporter([new DejaGnuSumExporter(dejagnu), new DejaGnuLogExporter(dejagnu), new JUnitExporter(), new MarkdownSummaryExporter(),
            new ProbeHarness.Exporters.Html.HtmlReportExporter(history), new ProbeHarness.Exporters.Kcidb.KcidbExporter()]);
    }

    /// <summary>Boots, restores and tests per guest of the last guest session, for the run's note and the benchmark.</summary>
    public GuestStats? Guests { get; private set; }

    public async Task<RunReport> ExecuteAsync(CancellationToken ct)
    {
        if (options.StapTestsuite is not null || options.Suite == ConformanceSuites.Examples)
            return await ExecuteConformanceAsync(ct);
        // Plan: what to run, where it goes.
        var suite = SuiteLoader.Load(options.Suite);
        var arch = ArchTable.Get(options.Arch);
        var spec = KernelSpec.Parse(options.Kernel);
        using var book = RunBook.Open(options, cache, suite.Name, arch.Name, observer);
        var runDir = book.Directory;

        // Images: the kernel from the distro, the engines for it, the guest's userland, the workloads.
        var engines = new Dictionary<string, IProbeEngine>();
        await using var disposeEngines = new Disposer(engines.Values);
        KernelImage kernel;
        Func<string, Func<string, MachineConfig>> configs; // image name (engine, or "" for the bare agent) -> directory -> config
        string? systemMap;
        try
        {
            observer.Phase(arch.Name, $"kernel {spec}");
            kernel = await new KernelProvider(cache).GetAsync(spec, arch, Progress(arch.Name), ct);
            foreach (var (name, engine) in await CreateEnginesAsync(kernel, ct)) engines[name] = engine;
            var guestImages = new GuestImages(cache, kernel);
            var images = new Dictionary<string, string>();
            foreach (var e in engines.Values.Append(null))
                images[e?.Name ?? ""] = await guestImages.InitrdAsync(e?.GuestPackages ?? [], Progress(arch.Name), ct);
            configs = image => dir => new MachineConfig(arch, kernel.KernelPath, images[image], dir, [], options.GuestMemoryMb);
            observer.Phase(arch.Name, "System.map");
            systemMap = await SystemMapMaker.GetAsync(cache, kernel, configs(""), ct);
        }
        catch (Exception e) when (e is InfrastructureException or MachineFailure or Processes.ToolFailedException or IOException)
        {
            // Nothing could run: every test is unresolved, with who is at fault.
            var culprit = e is MachineFailure mf ? mf.Culprit : Culprit.Infrastructure;
            foreach (var engineName in options.Engines)
                foreach (var t in suite.Tests.Where(t => t.RunsOn(engineName, arch.Name)))
                    book.Record(new TestResult(suite.Name, t.Name, new Cell(arch.Name, options.Kernel, engineName),
                        TestState.Unresolved, culprit, $"setup failed: {e.Message}", TimeSpan.Zero, ""));
            return book.Finish();
        }

        var symbols = SymbolTable.Load(systemMap);
        var buildDir = kernel.BuildDir is null ? null : await BuildTreeWithMap.GetAsync(cache, kernel.BuildDir, systemMap, ct);
        var target = new ProbeTarget(arch, kernel.Release, buildDir, systemMap);

        // Cells: one guest session per engine, so one engine's settings never leak into another's.
        foreach (var engine in engines.Values)
        {
            var cell = new Cell(arch.Name, kernel.Release, $"{engine.Name}-{engine.Version}");
            var cellDir = Path.Combine(runDir, $"{arch.Name}-{kernel.Release}-{engine.Name}");
            Directory.CreateDirectory(cellDir);
            var facts = new CellFacts(arch.Name, kernel.Release, engine.Name, engine.Version, HasDebuginfo: false);
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
            await using var guests = new GuestSession(configs(engine.Name), cellDir, observer, symbols, suite.Guest == GuestMode.Pristine, new SnapshotCache(cache));
            foreach (var test in tests)
            {
                var (probe, buildTime) = prepared[test.Name];
                observer.Phase(cell.ToString(), test.Name);
                var sw = Stopwatch.StartNew();
                var outcome = !probe.Ok ? new Outcome.BuildFailed(probe.FailedPass, probe.Reason ?? "build failed", probe.Log)
                    : probe.HostOnly ? new Outcome.Ran(0, "", "")
                    : await guests.RunAsync(test.Name, probe, engine, test.Timeout, ct);
                using var judging = Profiling.Phases.Begin(Profiling.Phase.Judge, test.Name);
                var verdict = Judge.Decide(test.Expect.In(facts), outcome);
                await File.WriteAllTextAsync(Path.Combine(cellDir, $"{test.Name}.build.log"), probe.Log, ct);
                book.Record(new TestResult(suite.Name, test.Name, cell, verdict.State, verdict.Culprit, verdict.Reason,
                    buildTime + sw.Elapsed, OutputOf(outcome), (outcome as Outcome.Crashed)?.Crash,
                    probe.Ok && !probe.HostOnly ? guests.LastConsoleLog : null));
            }
            observer.AfterSuite(cell.ToString());
        }
        return book.Finish();
    }

    /// <summary>
    /// SystemTap's own suites, unchanged: the examples collection (test_support, test_check on the
    /// host; test_installcheck's modules in pristine guests restored from a snapshot), or a source
    /// tree's pass directories (host only, passes 1-4, no guest at all).
    /// </summary>
    private async Task<RunReport> ExecuteConformanceAsync(CancellationToken ct)
    {
        // Plan.
        var suiteName = options.StapTestsuite is not null ? ConformanceSuites.PassDirectories : ConformanceSuites.Examples;
        var only = options.Only is null ? null : new System.Text.RegularExpressions.Regex(options.Only);
        var arch = ArchTable.Get(options.Arch);
        var spec = KernelSpec.Parse(options.Kernel);
        using var book = RunBook.Open(options, cache, suiteName, arch.Name, observer);
        var runDir = book.Directory;

        // Kernel, headers with the real System.map (cached per kernel: a VM only the first time), the stap aimed at it.
        observer.Phase(arch.Name, $"kernel {spec}");
        var kernel = await new KernelProvider(cache).GetAsync(spec, arch, Progress(arch.Name), ct);
        await using var stapEngine = await StapEngineForAsync(kernel, ct);
        var guestImages = new GuestImages(cache, kernel);
        Func<string, MachineConfig> bare = dir => new MachineConfig(arch, kernel.KernelPath, "", dir, [], options.GuestMemoryMb);
        observer.Phase(arch.Name, "System.map");
        var bareInitrd = await guestImages.InitrdAsync([], Progress(arch.Name), ct);
        var systemMap = await SystemMapMaker.GetAsync(cache, kernel, dir => bare(dir) with { InitrdPath = bareInitrd }, ct);
        var buildDir = kernel.BuildDir is null ? null : await BuildTreeWithMap.GetAsync(cache, kernel.BuildDir, systemMap, ct);
        var toolchain = await stapEngine.ToolchainForAsync(kernel.Release, ct);
        var target = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(runDir, "bin"), new ProbeTarget(arch, kernel.Release, buildDir, systemMap),
            Accelerator.For(arch) == "tcg", ct);
        var cell = new Cell(arch.Name, kernel.Release, target.EngineName);
        // The suites' files must be where the toolchain's stap sees them (a container sees its exchange directory).
        var work = target.WorkDirectory(Path.Combine(runDir, "work"), Path.GetFileName(runDir));
        // Host results of unchanged inputs answer from earlier runs (passes 1-4 are deterministic in them).
        var remembered = options.Fresh ? null : cache.Area("conformance-results");

        if (options.StapTestsuite is { } tree)
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
                await WriteLogAsync(runDir, t.Name, log, ct);
                book.Record(new TestResult(suiteName, t.Name, cell, state, culprit, reason, took, log), t.Source);
            }
            observer.AfterSuite(cell.ToString());
            return book.Finish();
        }

        // The examples: host part in parallel, then each runtime test in a pristine guest.
        observer.Phase(arch.Name, "examples collection");
        var root = await ExamplesCollection.GetAsync(cache, target.Version, Progress(arch.Name), ct);
        var examples = ExamplesCollection.Load(root).Where(e => only?.IsMatch(e.TestName) ?? true).ToList();
        observer.BeforeSuite(cell.ToString(), examples.Count);
        var hostDone = 0;
        var outcomes = await new ExamplesRunner(target, work, options.BuildJobs, !options.HostOnly, remembered).PrepareAsync(root, examples,
            e => observer.Phase(cell.ToString(), $"host {Interlocked.Increment(ref hostDone)}/{examples.Count}: {e.TestName}"), ct);
        const string source = "systemtap.examples/check.exp";
        foreach (var o in outcomes.Where(o => !o.NeedsGuest))
        {
            await WriteLogAsync(runDir, o.Example.TestName, o.Log, ct);
            book.Record(new TestResult(suiteName, o.Example.TestName, cell, o.State!.Value, o.Culprit, o.Reason, o.HostTime, o.Log), source);
        }
        var runtime = outcomes.Where(o => o.NeedsGuest).ToList();
        if (runtime.Count > 0)
        {
            var initrd = await guestImages.InitrdAsync(stapEngine.GuestPackages, Progress(arch.Name), ct);
            var symbols = SymbolTable.Load(systemMap);
            var cellDir = Path.Combine(runDir, "guests");
            await using var guests = new GuestSession(dir => bare(dir) with { InitrdPath = initrd }, cellDir, observer, symbols, pristine: true, new SnapshotCache(cache));
            foreach (var o in runtime)
            {
                observer.Phase(cell.ToString(), $"guest: {o.Example.TestName}");
                var sw = Stopwatch.StartNew();
                var outcome = await guests.RunAsync(o.Example.TestName, o.GuestRun!, stapEngine, ExamplesRunner.GuestTimeout, ct);
                var (state, culprit, reason) = ExamplesRunner.JudgeGuest(outcome);
                var log = $"{o.Log}\n--- guest ---\n$ {o.Example.InstallCheck}\n{OutputOf(outcome)}";
                await WriteLogAsync(runDir, o.Example.TestName, log, ct);
                book.Record(new TestResult(suiteName, o.Example.TestName, cell, state, culprit, reason, o.HostTime + sw.Elapsed,
                    OutputOf(outcome), (outcome as Outcome.Crashed)?.Crash, guests.LastConsoleLog), source);
            }
            Guests = GuestStats.Of(guests);
            await File.WriteAllTextAsync(Path.Combine(runDir, "guests.txt"), Guests.ToString(), ct);
        }
        observer.AfterSuite(cell.ToString());
        return book.Finish();
    }

    private static Task WriteLogAsync(string runDir, string test, string log, CancellationToken ct)
    {
        var dir = Path.Combine(runDir, "logs");
        Directory.CreateDirectory(dir);
        return File.WriteAllTextAsync(Path.Combine(dir, test.Replace('/', '_') + ".log"), log, ct);
    }

    /// <summary>The run's engines for this kernel (SystemTap's toolchain follows the kernel's distribution).</summary>
    private async Task<Dictionary<string, IProbeEngine>> CreateEnginesAsync(KernelImage kernel, CancellationToken ct)
    {
        var all = new Dictionary<string, IProbeEngine>();
        foreach (var name in options.Engines)
        {
            try
            {
                all[name] = name switch
                {
                    "systemtap" => await StapEngineForAsync(kernel, ct),
                    "kprobe_events" => new Engines.KprobeEvents.KprobeEventsEngine(),
                    _ => throw new ArgumentException($"unknown engine '{name}'; known: systemtap, kprobe_events"),
                };
            }
            catch (Exception e) when (e is not (ArgumentException or OperationCanceledException))
            {
                // No stap on the host, no container engine: the cell cannot start, and that is not the kernel's doing.
                throw new InfrastructureException($"engine {name} could not start for {kernel.Release}: {e.Message}", e);
            }
        }
        return all;
    }

    /// <summary>SystemTap for this kernel: its distribution's own toolchain, or chosen per release for a user's kernel.</summary>
    private async Task<Engines.SystemTap.SystemTapEngine> StapEngineForAsync(KernelImage kernel, CancellationToken ct)
    {
        var emulated = Accelerator.For(kernel.Arch) == "tcg";
        return kernel.Distro == "local"
            ? await Engines.SystemTap.SystemTapEngine.CreateAsync(cache, emulated, ct)
            : await Engines.SystemTap.SystemTapEngine.CreateAsync(cache, emulated, kernel.Distro, ct);
    }

    /// <summary>Disposes what needs it (an engine's toolchain container) when the run ends, however it ends.</summary>
    private sealed class Disposer(IEnumerable<object> items) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var i in items.ToList())
                if (i is IAsyncDisposable d) await d.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, (PreparedProbe, TimeSpan)>> PrepareAllAsync(
        IProbeEngine engine, IReadOnlyList<SuiteTest> tests, ProbeTarget target, string cellDir, CancellationToken ct)
    {
        var done = new System.Collections.Concurrent.ConcurrentDictionary<string, (PreparedProbe, TimeSpan)>();
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

    private static string OutputOf(Outcome o) => o switch
    {
        Outcome.Ran r => r.Output + (r.Diagnostics.Length > 0 ? $"\n--- diagnostics ---\n{r.Diagnostics}" : ""),
        Outcome.BuildFailed b => b.Log,
        Outcome.Crashed c => c.Crash.Excerpt,
        Outcome.MachineFailed m => m.Detail,
        _ => "",
    };

    private IProgress<string> Progress(string cell) => new SyncProgress(s => observer.Phase(cell, s));

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

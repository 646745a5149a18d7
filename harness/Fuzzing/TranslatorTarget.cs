using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Processes;
using ProbeHarness.Running;

namespace ProbeHarness.Fuzzing;

/// <summary>
/// The translator under fuzz: the kernel's distribution's stap through the conformance shim, aimed at
/// the kernel under test (headers tree, real System.map, runtime patch, arch). Scripts run to pass 3
/// at most (C text, nothing compiled or loaded); the shim refuses pass 5 and the process cannot load
/// modules. Also reads the vocabulary the generator uses, cached per stap build.
/// </summary>
public sealed class TranslatorTarget : IAsyncDisposable
{
    public static readonly TimeSpan DumpTimeout = TimeSpan.FromMinutes(30);

    private readonly IAsyncDisposable _engine;
    private readonly string _work;
    public HostCommand Stap { get; }
    public ConformanceTarget Conformance { get; }
    public string SystemMap { get; }
    public string WorkDirectory { get; }

    private TranslatorTarget(IAsyncDisposable engine, string work, HostCommand stap, ConformanceTarget conformance, string systemMap, string workDirectory)
    {
        _engine = engine; _work = work; Stap = stap; Conformance = conformance; SystemMap = systemMap; WorkDirectory = workDirectory;
    }

    public static async Task<TranslatorTarget> CreateAsync(HarnessCache cache, string archName, string kernelSpec, IRunObserver observer, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var stage = await KernelStage.GetAsync(cache, arch, KernelSpec.Parse(kernelSpec), new RunOptions().GuestMemoryMb, observer, ct);
        var map = await stage.SystemMapAsync(ct);
        var target = await stage.TargetAsync(map, ct);
        var emulated = Accelerator.For(arch) == "tcg";
        var engine = await SystemTapEngine.CreateAsync(cache, emulated, stage.Kernel.Distro, ct);
        var toolchain = await engine.ToolchainForAsync(stage.Kernel.Release, ct);
        var work = Path.Combine(Path.GetTempPath(), $"ph-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var conformance = await ConformanceTarget.CreateAsync(toolchain, Path.Combine(work, "bin"), target, emulated, ct);
        var dir = conformance.WorkDirectory(work, $"fuzz-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return new TranslatorTarget(engine, work, conformance.Commands(Path.Combine(dir, "shim")), conformance, map, dir);
    }

    /// <summary>The cell as findings name it.</summary>
    public string Engine => Conformance.EngineName;
    public string Kernel => Conformance.Probe.KernelRelease;
    public string Arch => Conformance.Probe.Arch.Name;

    /// <summary>stap's arguments for one script: verbose (pass lines), up to <paramref name="pass"/>, guru when the script has embedded C.</summary>
    public static IReadOnlyList<string> Arguments(string scriptPath, int pass, bool guru) =>
        [.. guru ? new[] { "-g" } : [], "-v", $"-p{pass}", "--disable-cache", scriptPath];

    public async Task<(TranslatorOutcome Outcome, ToolResult Result)> RunAsync(StapScript script, int pass, string name, TimeSpan timeout, CancellationToken ct)
    {
        var dir = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "script.stp");
        await File.WriteAllTextAsync(file, StapPrinter.Print(script), ct);
        var r = await Stap.RunAsync(Stap.Stap, Arguments(file, pass, script.NeedsGuru), dir, timeout, ct);
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return (TranslatorOutcome.Classify(r.ExitCode, r.TimedOut, r.Stderr, pass), r);
    }

    /// <summary>
    /// The vocabulary of this stap and kernel; stap's dumps cached in fuzz-vocabulary/&lt;stap version&gt;-&lt;identity&gt;.
    /// `--dump-functions` takes many minutes (over 30 under load on 2 cores): it has its own entry and is
    /// read only when <paramref name="dumpFunctions"/>; otherwise the generator calls the common tapset functions it knows.
    /// </summary>
    public async Task<FuzzVocabulary> VocabularyAsync(HarnessCache cache, bool dumpFunctions, Action<string> say, CancellationToken ct)
    {
        var key = $"{Conformance.Version}-{HarnessCache.KeyOf(Conformance.Identity, Conformance.Version, Arch)}";
        var probes = await DumpAsync(cache, key, [("--dump-probe-types", "probe-types.txt"), ("--dump-probe-aliases", "probe-aliases.txt")], say, ct);
        var functions = dumpFunctions
            ? FuzzVocabulary.ParseFunctions(File.ReadAllText(Path.Combine(await DumpAsync(cache, key + "-functions", [("--dump-functions", "functions.txt")], say, ct), "functions.txt")))
            : FuzzVocabulary.Builtin.Functions;
        var kernelFunctions = FuzzVocabulary.KernelFunctionsOf(File.ReadLines(SystemMap));
        return new FuzzVocabulary(FuzzVocabulary.ParseProbeTypes(File.ReadAllText(Path.Combine(probes, "probe-types.txt"))),
            Coverage.TapsetCoverage.AliasNames(File.ReadAllText(Path.Combine(probes, "probe-aliases.txt"))),
            functions, kernelFunctions, FuzzVocabulary.Builtin.Tracepoints);
    }

    private Task<string> DumpAsync(HarnessCache cache, string key, (string Option, string File)[] dumps, Action<string> say, CancellationToken ct) =>
        cache.GetOrCreateAsync("fuzz-vocabulary", key, async (tmp, c) =>
        {
            foreach (var (option, file) in dumps)
            {
                say($"stap {option} (cached afterwards)");
                var r = await Stap.RunAsync(Stap.Stap, [option], WorkDirectory, DumpTimeout, c);
                if (!r.Ok) throw new InvalidOperationException($"stap {option} failed (exit {r.ExitCode}{(r.TimedOut ? ", timed out" : "")}): {r.Gist(3)}");
                await File.WriteAllTextAsync(Path.Combine(tmp, file), r.Stdout, c);
            }
        }, ct);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        try { Directory.Delete(_work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

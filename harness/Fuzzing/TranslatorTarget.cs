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

    /// <summary>The vocabulary of this stap and kernel; stap's dumps cached in fuzz-vocabulary/&lt;stap identity&gt; (--dump-functions takes minutes).</summary>
    public async Task<FuzzVocabulary> VocabularyAsync(HarnessCache cache, Action<string> say, CancellationToken ct)
    {
        var key = HarnessCache.KeyOf(Conformance.Identity, Conformance.Version, Arch);
        var dir = await cache.GetOrCreateAsync("fuzz-vocabulary", $"{Conformance.Version}-{key}", async (tmp, c) =>
        {
            foreach (var (option, file) in new[] { ("--dump-probe-types", "probe-types.txt"), ("--dump-probe-aliases", "probe-aliases.txt"), ("--dump-functions", "functions.txt") })
            {
                say($"stap {option} (cached afterwards)");
                var r = await Stap.RunAsync(Stap.Stap, [option], WorkDirectory, DumpTimeout, c);
                if (!r.Ok) throw new InvalidOperationException($"stap {option} failed (exit {r.ExitCode}): {r.Gist(3)}");
                await File.WriteAllTextAsync(Path.Combine(tmp, file), r.Stdout, c);
            }
        }, ct);
        var text = (string f) => File.ReadAllText(Path.Combine(dir, f));
        var kernelFunctions = FuzzVocabulary.KernelFunctionsOf(File.ReadLines(SystemMap));
        return new FuzzVocabulary(FuzzVocabulary.ParseProbeTypes(text("probe-types.txt")), Coverage.TapsetCoverage.AliasNames(text("probe-aliases.txt")),
            FuzzVocabulary.ParseFunctions(text("functions.txt")), kernelFunctions, FuzzVocabulary.Builtin.Tracepoints);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        try { Directory.Delete(_work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { if (Directory.Exists(WorkDirectory)) Directory.Delete(WorkDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

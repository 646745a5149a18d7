using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Guest;
using ProbeHarness.GuestModules;
using ProbeHarness.Kernels;
using ProbeHarness.Suites;

namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// Error injection on kernels without FUNCTION_ERROR_INJECTION: a suite test's .inject script
/// (<see cref="InjectionSpec"/>) names a kernel function, the value it returns instead of running
/// and which calls fail; vmimages/modules/phinject, built for the kernel under test with the
/// architecture's <see cref="ReturnNowTable"/> recipe, does it in the guest
/// (<see cref="InjectionScript"/>). The output is what the workload printed, the module's counts
/// and whether the kernel survived.
/// </summary>
public sealed class PhinjectEngine(EngineContext context) : IProbeEngine
{
    public const string EngineName = "phinject";

    private Task<BuiltModule>? module;

    public string Name => EngineName;

    public string Version => "module";

    public IReadOnlyList<string> GuestPackages => [];

    public async Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        InjectionSpec spec;
        try
        {
            spec = InjectionSpec.Parse(await File.ReadAllTextAsync(test.ScriptPath, ct), test.ScriptPath);
        }
        catch (FormatException e)
        {
            return PreparedProbe.Failed(1, e.Message, e.Message, sw.Elapsed);
        }
        if (test.Workload is null)
            return PreparedProbe.Failed(1, $"{test.Source}: an injection test needs a workload that arms it", "", sw.Elapsed);
        BuiltModule built;
        try
        {
            // One build per engine, i.e. per kernel; the module cache makes later runs' builds a lookup.
            built = await (module ??= BuildAsync(target.Arch, workDir, ct));
        }
        catch (InfrastructureException e)
        {
            module = null;
            return PreparedProbe.Failed(4, $"building phinject.ko failed: {e.Message}", e.Message, sw.Elapsed);
        }
        if (test.LastPass < 5) return PreparedProbe.HostDone($"built {built.KoPath}", sw.Elapsed);
        return new PreparedProbe(true, null, null, $"module {built.KoPath} (key {built.Key})",
            [new GuestFile(built.GuestPath, built.KoPath)], InjectionScript.For(spec, built.GuestPath, test.Workload), sw.Elapsed)
        {
            ProbedFunctions = [spec.Function],
        };
    }

    /// <summary>The module's source with this architecture's return-now header beside it, built for the kernel under test.</summary>
    private Task<BuiltModule> BuildAsync(Arch arch, string workDir, CancellationToken ct) => BuildModuleAsync(context, arch, workDir, ct);

    /// <summary>phinject.ko for the context's kernel, with <paramref name="arch"/>'s return-now recipe (an exploration builds it the same way).</summary>
    public static async Task<BuiltModule> BuildModuleAsync(EngineContext context, Arch arch, string workDir, CancellationToken ct)
    {
        var dir = Path.Combine(workDir, "phinject-source", "phinject");
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        ModuleSource.Get("phinject").CopyTo(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "phinject_arch.h"), ReturnNowTable.Get(arch).Header(arch), ct);
        return await new ModuleBuilder(context.Cache).BuildAsync(ModuleSource.Load(dir), context.Kernel, ct);
    }

    public ProbeOutput Interpret(StepResult step) => new(step.ExitStatus, step.StdoutText, step.StderrText)
    {
        Refused = step.ExitStatus == InjectionScript.Refused && step.StderrText.Contains("phinject refused: ")
            ? step.StderrText.Split('\n').First(l => l.Contains("phinject refused: "))
            : null,
    };
}

using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// The kernel's own built-in KUnit tests (the debug twin's kprobes suite), which run while it boots:
/// one boot of the bare agent, and the KTAP on its console recorded as results of the cell
/// arch/release/kunit. Kernels without CONFIG_KUNIT=y run nothing here.
/// </summary>
public static class KunitAtBoot
{
    public const string Engine = "kunit";

    public static bool Runs(KernelImage kernel) =>
        kernel.ConfigPath is { } config && File.Exists(config) && File.ReadLines(config).Any(l => l.Trim() == "CONFIG_KUNIT=y");

    public static async Task<IReadOnlyList<TestResult>> RunAsync(KernelStage stage, string suiteName, string workDir, IRunObserver observer,
        CancellationToken ct)
    {
        var cell = new Cell(stage.Arch.Name, stage.Kernel.Release, Engine);
        observer.Phase(cell.ToString(), "booting for the kernel's built-in KUnit tests");
        string log;
        try
        {
            var bare = await stage.InitrdAsync([], ct);
            // Built-in KUnit suites run before init: they are done when the agent answers.
            await using var m = await QemuMachine.BootAsync(stage.Machines(bare)(workDir), null, ct);
            log = m.Console.LogPath;
            observer.Phase(cell.ToString(), $"booted in {m.BootTime.TotalSeconds:0.0} s");
            await m.ShutdownAsync(TimeSpan.FromSeconds(20));
        }
        catch (MachineFailure e)
        {
            return [new TestResult(suiteName, "kunit/boot", cell, TestState.Unresolved, e.Culprit, e.Message, TimeSpan.Zero, "")];
        }
        var cases = KtapResults.Parse(await File.ReadAllTextAsync(log, ct));
        return cases.Count > 0
            ? KtapResults.ToResults(cases, cell, suiteName, log)
            : [new TestResult(suiteName, "kunit/boot", cell, TestState.Unresolved, Culprit.Harness,
                "the kernel has CONFIG_KUNIT=y but its boot console holds no KTAP results", TimeSpan.Zero, "", ConsoleLog: log)];
    }
}

using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// The same test in the same place on two runs: suite, test, architecture, engine family and
/// kernel line. The kernel's ABI and the engine's version are left out on purpose: the point of a
/// comparison is what changed when they did.
/// </summary>
public sealed record TestKey(string Suite, string Test, string Arch, string Engine, string KernelLine)
{
    public static TestKey Of(TestResult r) =>
        new(r.Suite, r.Test, r.Cell.Arch, EngineFamily(r.Cell.Engine), Comparing.KernelLine.Of(r.Cell.Kernel));

    /// <summary>"systemtap-4.8" → "systemtap"; "kprobe_events-kernel" → "kprobe_events".</summary>
    public static string EngineFamily(string engine) => engine.Split('-', 2)[0];

    public override string ToString() => $"{Test} [{Arch}/{KernelLine}/{Engine}]";
}

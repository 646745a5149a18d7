using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Engines;

/// <summary>What an engine is made for: the harness cache it may keep things in, and the kernel under test.</summary>
public sealed record EngineContext(HarnessCache Cache, KernelImage Kernel);

/// <summary>
/// One kind of probe engine as a run knows it before it makes one: its name (in suites and on the
/// command line), whether a run uses it when none is named, and how to make one for a kernel.
/// Each engine's folder holds one; <see cref="EngineRegistry"/> finds them, so a new engine is a
/// new folder and nothing else.
/// </summary>
public interface IEngineKind
{
    string Name { get; }

    /// <summary>A run uses this engine when the user names none.</summary>
    bool IsDefault { get; }

    /// <summary>Where the engine stands among the others: the order cells run in and names are listed.</summary>
    int Order { get; }

    /// <summary>An engine ready for <paramref name="context"/>'s kernel (a toolchain found or a container started).</summary>
    Task<IProbeEngine> CreateAsync(EngineContext context, CancellationToken ct);
}

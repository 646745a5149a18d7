using ProbeHarness.Kernels;

namespace ProbeHarness.Engines;

/// <summary>
/// A run's engines, made together and owned together: disposing the set disposes every engine
/// that holds something (a toolchain container). When one engine cannot start, the ones already
/// made are disposed before the failure goes on, so nothing started is left behind.
/// </summary>
public sealed class StartedEngines : IAsyncDisposable
{
    private readonly List<IProbeEngine> _engines;

    private StartedEngines(List<IProbeEngine> engines) => _engines = engines;

    /// <summary>The engines, in the order they were asked for.</summary>
    public IReadOnlyList<IProbeEngine> All => _engines;

    /// <summary>
    /// Makes an engine of each kind, in order. A kind that fails to start (no stap on the host, no
    /// container engine) is the infrastructure's fault, not the kernel's: it is reported as an
    /// <see cref="InfrastructureException"/> naming the engine and the kernel.
    /// </summary>
    public static async Task<StartedEngines> StartAsync(IReadOnlyList<IEngineKind> kinds, EngineContext context, CancellationToken ct)
    {
        var started = new StartedEngines([]);
        try
        {
            foreach (var kind in kinds)
            {
                try
                {
                    started._engines.Add(await kind.CreateAsync(context, ct));
                }
                catch (Exception e) when (e is not (ArgumentException or OperationCanceledException))
                {
                    throw new InfrastructureException($"engine {kind.Name} could not start for {context.Kernel.Release}: {e.Message}", e);
                }
            }
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var engines = _engines.ToList();
        _engines.Clear();
        foreach (var e in engines)
            if (e is IAsyncDisposable d) await d.DisposeAsync();
    }
}

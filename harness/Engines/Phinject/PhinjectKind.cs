namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// The harness's own error-injection engine as the registry knows it: only where a suite or the
/// user names it (suites/fault-injection), after the probe engines.
/// </summary>
public sealed class PhinjectKind : IEngineKind
{
    public string Name => PhinjectEngine.EngineName;
    public bool IsDefault => false;
    public int Order => 2;

    public Task<IProbeEngine> CreateAsync(EngineContext context, CancellationToken ct) =>
        Task.FromResult<IProbeEngine>(new PhinjectEngine(context));
}

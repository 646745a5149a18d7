namespace ProbeHarness.Engines.KprobeEvents;

/// <summary>kprobe_events as the registry knows it: used by default, after SystemTap; nothing to start on the host.</summary>
public sealed class KprobeEventsKind : IEngineKind
{
    public string Name => "kprobe_events";
    public bool IsDefault => true;
    public int Order => 1;

    public Task<IProbeEngine> CreateAsync(EngineContext context, CancellationToken ct) =>
        Task.FromResult<IProbeEngine>(new KprobeEventsEngine());
}

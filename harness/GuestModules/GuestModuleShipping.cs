using ProbeHarness.Guest;

namespace ProbeHarness.GuestModules;

/// <summary>Puts built modules into a running guest through its agent, at their <see cref="BuiltModule.GuestPath"/>.</summary>
public static class GuestModuleShipping
{
    public static async Task PutAsync(AgentClient agent, IEnumerable<BuiltModule> modules, CancellationToken ct)
    {
        foreach (var m in modules)
            await agent.PutAsync(m.GuestPath, await File.ReadAllBytesAsync(m.KoPath, ct), ct);
    }
}

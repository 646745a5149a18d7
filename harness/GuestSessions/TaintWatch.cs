using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;

namespace ProbeHarness.GuestSessions;

/// <summary>
/// The taint policy of a shared guest: the flags before its first test are its baseline, and a
/// test after which a flag that matters (<see cref="Taint.Matters"/>) is newly set, or after which
/// the flags cannot be read, leaves a guest the next test must not inherit.
/// </summary>
public sealed class TaintWatch
{
    private ulong _baseline;

    /// <summary>Reads the flags of a guest that has run no test yet (unreadable: none).</summary>
    public async Task BaselineAsync(QemuMachine m, CancellationToken ct) => _baseline = await ReadAsync(m, ct) ?? 0;

    /// <summary>What the last test left that makes the guest unfit for the next, described; null when it is still fit.</summary>
    public async Task<string?> NewTroubleAsync(QemuMachine m, CancellationToken ct) =>
        await ReadAsync(m, ct) is not { } now ? "its taint could not be read" : Taint.NewTrouble(_baseline, now);

    private static async Task<ulong?> ReadAsync(QemuMachine m, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        try { return Taint.Parse((await m.Agent.RunAsync("cat /proc/sys/kernel/tainted", TimeSpan.FromSeconds(10), limit.Token)).StdoutText); }
        catch (Exception e) when (e is AgentProtocolException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested)) { return null; }
    }
}

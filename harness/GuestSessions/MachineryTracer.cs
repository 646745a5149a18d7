using ProbeHarness.Coverage;
using ProbeHarness.Guest;
using ProbeHarness.Machines;

namespace ProbeHarness.GuestSessions;

/// <summary>
/// The function tracer of <see cref="MachineryTrace"/> over one cell's guests: armed once in each
/// guest before its first test, drained after every test that left the guest alive. A guest lost
/// to a crash takes its last test's trace with it; that is said in <see cref="Problems"/>.
/// Tracing is an extra: when the guest refuses it, the tests still run and the reason is kept.
/// </summary>
public sealed class MachineryTracer
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);
    private readonly SortedSet<string> _functions = new(StringComparer.Ordinal);
    private QemuMachine? _armed;

    /// <summary>Functions in the filter (the largest any guest of the cell had); 0 until a guest is armed.</summary>
    public int Filtered { get; private set; }
    public IReadOnlySet<string> Functions => _functions;
    /// <summary>Events the instance's buffer had no room for: when not 0, a rare function may be missing.</summary>
    public long Dropped { get; private set; }
    public List<string> Problems { get; } = [];
    public IReadOnlyList<string> Refused { get; private set; } = [];

    /// <summary>Turns tracing on in a guest that does not have it yet.</summary>
    public async Task ArmAsync(QemuMachine m, CancellationToken ct)
    {
        if (ReferenceEquals(_armed, m)) return;
        _armed = m;
        var step = await TryRunAsync(m, MachineryTrace.ArmScript(), "arming", ct);
        if (step is null) return;
        try
        {
            var armed = MachineryTrace.ParseArm(step.StdoutText);
            Filtered = Math.Max(Filtered, armed.Filtered);
            Refused = armed.Refused;
            if (armed.Filtered == 0) Problems.Add("no function of the filter is traceable on this kernel");
        }
        catch (FormatException e)
        {
            Problems.Add(e.Message);
        }
    }

    /// <summary>Adds what the guest traced since the last drain, and empties its buffer.</summary>
    public async Task DrainAsync(QemuMachine m, string testName, CancellationToken ct)
    {
        if (!ReferenceEquals(_armed, m)) return;
        var step = await TryRunAsync(m, MachineryTrace.DrainScript(), $"draining after {testName}", ct);
        if (step is null) return;
        var drained = MachineryTrace.ParseTrace(step.StdoutText);
        _functions.UnionWith(drained.Functions);
        Dropped += drained.Dropped;
    }

    /// <summary>The guest is gone before its last test was drained.</summary>
    public void Lost(string testName) => Problems.Add($"the trace of {testName} went with its guest");

    private async Task<StepResult?> TryRunAsync(QemuMachine m, string script, string what, CancellationToken ct)
    {
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(StepTimeout + TimeSpan.FromSeconds(30));
            var step = await m.Agent.RunAsync(script, StepTimeout, bounded.Token);
            if (step.ExitStatus == 0) return step;
            Problems.Add($"function tracer {what}: exit {step.ExitStatus}: {step.StderrText.Trim()}");
        }
        catch (Exception e) when (e is AgentProtocolException or IOException or InvalidOperationException
                                   || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Problems.Add($"function tracer {what}: {e.Message}");
        }
        return null;
    }
}

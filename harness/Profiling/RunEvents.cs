using System.Diagnostics.Tracing;

namespace ProbeHarness.Profiling;

/// <summary>
/// Where a run's time goes, as EventSource events: a begin and an end per phase (resolve,
/// download, boot, restore, build, load, execute, judge, export), per cell, and CPU samples of the
/// harness and of its children. Nearly free when nobody listens; `run --profile` records them
/// into an EventPipe .nettrace and `profile` reads it back.
/// </summary>
[EventSource(Name = ProviderName)]
public sealed class RunEvents : EventSource
{
    public const string ProviderName = "ProbeHarness-Run";

    public static readonly RunEvents Log = new();

    private RunEvents() { }

    [Event(1, Level = EventLevel.Informational)]
    public void PhaseBegin(long id, string phase, string cell, string detail) => WriteEvent(1, id, phase, cell, detail);

    [Event(2, Level = EventLevel.Informational)]
    public void PhaseEnd(long id, string phase, string cell) => WriteEvent(2, id, phase, cell);

    [Event(3, Level = EventLevel.Informational)]
    public void CellBegin(string cell) => WriteEvent(3, cell);

    [Event(4, Level = EventLevel.Informational)]
    public void CellEnd(string cell) => WriteEvent(4, cell);

    /// <summary>CPU of the harness process itself, and of its children it has waited for (what the kernel counts in cutime/cstime).</summary>
    [Event(5, Level = EventLevel.Informational)]
    public void CpuSample(string at, double selfUserMs, double selfSysMs, double childUserMs, double childSysMs) =>
        WriteEvent(5, at, selfUserMs, selfSysMs, childUserMs, childSysMs);

    /// <summary>CPU of one live child (QEMU), read just before it is stopped: its own and its waited-for descendants'.</summary>
    [Event(6, Level = EventLevel.Informational)]
    public void ChildCpu(string name, int pid, double userMs, double sysMs) => WriteEvent(6, name, pid, userMs, sysMs);
}

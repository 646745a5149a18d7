namespace ProbeHarness.Profiling;

/// <summary>
/// Marks phase boundaries: <c>using var _ = Phases.Begin(Phase.Boot);</c> emits the begin now and
/// the end when the scope closes, tagged with the cell the surrounding code works for.
/// </summary>
public static class Phases
{
    private static long _next;
    private static readonly AsyncLocal<string?> Cell = new();

    /// <summary>The cell the current flow works for ("" before any cell starts: the run's setup).</summary>
    public static string CurrentCell => Cell.Value ?? "";

    /// <summary>Sets the cell for this flow and what it awaits from here on; emits the cell's begin.</summary>
    public static void EnterCell(string cell)
    {
        Cell.Value = cell;
        if (RunEvents.Log.IsEnabled()) RunEvents.Log.CellBegin(cell);
        Sample($"cell {cell}");
    }

    public static void LeaveCell(string cell)
    {
        Sample($"cell {cell} end");
        if (RunEvents.Log.IsEnabled()) RunEvents.Log.CellEnd(cell);
        Cell.Value = null;
    }

    public static Scope Begin(string phase, string detail = "")
    {
        if (!RunEvents.Log.IsEnabled()) return default;
        var id = Interlocked.Increment(ref _next);
        var cell = CurrentCell;
        RunEvents.Log.PhaseBegin(id, phase, cell, detail);
        return new Scope(id, phase, cell);
    }

    /// <summary>Emits the harness's and its children's CPU so far.</summary>
    public static void Sample(string at)
    {
        if (!RunEvents.Log.IsEnabled() || ProcStat.Self() is not { } s) return;
        RunEvents.Log.CpuSample(at, s.UserMs, s.SysMs, s.ChildUserMs, s.ChildSysMs);
    }

    /// <summary>Emits a live child's CPU (call it before the child is stopped: once reaped, /proc has nothing).</summary>
    public static void SampleChild(string name, int pid)
    {
        if (!RunEvents.Log.IsEnabled() || ProcStat.Of(pid) is not { } s) return;
        RunEvents.Log.ChildCpu(name, pid, s.UserMs + s.ChildUserMs, s.SysMs + s.ChildSysMs);
    }

    public readonly struct Scope(long id, string phase, string cell) : IDisposable
    {
        public void Dispose()
        {
            if (id != 0) RunEvents.Log.PhaseEnd(id, phase, cell);
        }
    }
}

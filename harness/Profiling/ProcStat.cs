namespace ProbeHarness.Profiling;

/// <summary>CPU times of a process from /proc/PID/stat: its own, and those of the children it has waited for.</summary>
public sealed record ProcStat(double UserMs, double SysMs, double ChildUserMs, double ChildSysMs)
{
    // USER_HZ: 100 on every Linux architecture the harness runs on (sysconf(_SC_CLK_TCK)).
    private const double MsPerTick = 10;

    public static ProcStat? Self() => Of(Environment.ProcessId);

    public static ProcStat? Of(int pid)
    {
        try { return Parse(File.ReadAllText($"/proc/{pid}/stat")); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Fields 14-17 (utime, stime, cutime, cstime), counted after the command name.</summary>
    public static ProcStat? Parse(string stat)
    {
        // f[0] is field 3 (state); field n is f[n - 3].
        var f = Processes.ProcessState.FieldsAfterCommand(stat);
        if (f is null || f.Length < 15) return null;
        double T(int field) => long.Parse(f[field - 3], System.Globalization.CultureInfo.InvariantCulture) * MsPerTick;
        return new ProcStat(T(14), T(15), T(16), T(17));
    }
}

namespace ProbeHarness.Processes;

/// <summary>A process's scheduling state as /proc/PID/stat gives it (R, S, D, T, t, Z ...).</summary>
public static class ProcessState
{
    /// <summary>
    /// The fields of a stat line after the command, which is in parentheses and may hold any byte,
    /// spaces and parentheses included: the last ')' ends it. The first is field 3 (the state).
    /// </summary>
    public static string[]? FieldsAfterCommand(string statLine)
    {
        var close = statLine.LastIndexOf(')');
        return close < 0 ? null : statLine[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The state letter of a stat line (field 3).</summary>
    public static char? Of(string statLine) =>
        FieldsAfterCommand(statLine) is [{ Length: > 0 } state, ..] ? state[0] : null;

    /// <summary>Stopped by a signal (T) or by a tracer (t); false when the process is gone.</summary>
    public static bool IsStopped(int pid)
    {
        try
        {
            return Of(File.ReadAllText($"/proc/{pid}/stat")) is 'T' or 't';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

namespace ProbeHarness.Processes;

/// <summary>A process's scheduling state as /proc/PID/stat gives it (R, S, D, T, t, Z ...).</summary>
public static class ProcessState
{
    /// <summary>The state letter of a stat line: the field after the command, which is in parentheses and may hold any byte.</summary>
    public static char? Of(string statLine)
    {
        var close = statLine.LastIndexOf(')');
        if (close < 0 || close + 2 >= statLine.Length) return null;
        return statLine[close + 2];
    }

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

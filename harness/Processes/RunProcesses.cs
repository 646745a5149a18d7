namespace ProbeHarness.Processes;

/// <summary>
/// Processes found by what they were started with (a scan of /proc/*/cmdline), whoever their parent
/// is now: every QEMU a harness process starts has that process's socket prefix in its argv
/// (<see cref="Machines.QemuMachine.SocketPrefixOf"/>).
/// </summary>
public static class RunProcesses
{
    /// <summary>Live processes (not zombies) other than this one whose argv holds <paramref name="needle"/>: pid and argv joined by spaces.</summary>
    public static IReadOnlyList<(int Pid, string Command)> WithArgument(string needle)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                if (!argv.Contains(needle, StringComparison.Ordinal)) continue;
                if (ProcessState.Of(File.ReadAllText(Path.Combine(dir, "stat"))) == 'Z') continue;
                found.Add((pid, argv));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone between the listing and the read.
            }
        }
        return found;
    }

    /// <summary>The argv of a live (not zombie) process, or null when it is gone.</summary>
    public static string? Alive(int pid)
    {
        try
        {
            if (ProcessState.Of(File.ReadAllText($"/proc/{pid}/stat")) is null or 'Z') return null;
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sends a signal (KILL, STOP, CONT ...) with kill(1), by pid.</summary>
    public static void Signal(int pid, string signal)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add($"-{signal}");
        psi.ArgumentList.Add(pid.ToString());
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit();
    }
}

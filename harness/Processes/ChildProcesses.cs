using System.Collections.Concurrent;
using System.Diagnostics;

namespace ProbeHarness.Processes;

/// <summary>
/// Starts long-lived children (QEMU) so that none survives the harness: each is started under
/// `setpriv --pdeathsig KILL` from one dedicated thread that lives as long as the process (the
/// kernel sends the signal when the *thread* that forked the child exits), and every child is
/// killed on Ctrl-C, on normal exit and on an unhandled exception.
/// </summary>
public static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly BlockingCollection<(ProcessStartInfo psi, TaskCompletionSource<Process> done)> Queue = new();
    private static readonly Lazy<Thread> Launcher = new(StartLauncher);
    private static int _hooksInstalled;

    /// <summary>Starts <paramref name="psi"/> with a parent-death signal; the file name is wrapped, arguments kept as a list.</summary>
    public static Task<Process> StartAsync(ProcessStartInfo psi)
    {
        // Argument lists only: an Arguments string would be dropped below, and the child started without it.
        if (!string.IsNullOrEmpty(psi.Arguments))
            throw new ArgumentException($"start {psi.FileName} with ArgumentList, not an Arguments string ('{psi.Arguments}')", nameof(psi));
        InstallHooks();
        _ = Launcher.Value;
        var wrapped = new ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = psi.RedirectStandardInput,
            RedirectStandardOutput = psi.RedirectStandardOutput,
            RedirectStandardError = psi.RedirectStandardError,
            UseShellExecute = false,
            WorkingDirectory = psi.WorkingDirectory,
        };
        wrapped.ArgumentList.Add("--pdeathsig");
        wrapped.ArgumentList.Add("KILL");
        wrapped.ArgumentList.Add("--");
        wrapped.ArgumentList.Add(psi.FileName);
        foreach (var a in psi.ArgumentList) wrapped.ArgumentList.Add(a);
        foreach (var (k, v) in psi.Environment) wrapped.Environment[k] = v;
        var tcs = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((wrapped, tcs));
        return tcs.Task;
    }

    /// <summary>Kills a child and its process group members we started; safe to call twice.</summary>
    public static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
        Live.TryRemove(p.Id, out _);
    }

    public static int LiveCount => Live.Count(kv => !kv.Value.HasExited);

    public static void KillAll()
    {
        foreach (var p in Live.Values) Kill(p);
    }

    private static Thread StartLauncher()
    {
        var t = new Thread(() =>
        {
            foreach (var (psi, done) in Queue.GetConsumingEnumerable())
            {
                try
                {
                    var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
                    Live[p.Id] = p;
                    p.EnableRaisingEvents = true;
                    p.Exited += (_, _) => Live.TryRemove(p.Id, out _);
                    done.SetResult(p);
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }
        })
        {
            IsBackground = true,
            Name = "child-process-launcher",
        };
        t.Start();
        return t;
    }

    private static void InstallHooks()
    {
        if (Interlocked.Exchange(ref _hooksInstalled, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }
}

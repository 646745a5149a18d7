using System.Diagnostics;
using System.Text;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>What a finished (or killed) tool process left behind.</summary>
public sealed record ToolRunResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut);

/// <summary>
/// Runs a tool with an argument list (never a shell string: paths and scripts may hold
/// anything), captures both streams, and kills the whole process tree on timeout or
/// cancellation, since stap leaves make and gcc children behind.
/// </summary>
public static class ToolRun
{
    public static async Task<ToolRunResult> RunAsync(string file, IEnumerable<string> args,
        TimeSpan timeout, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            timedOut = true;
        }
        p.WaitForExit(); // flushes the asynchronous readers
        lock (stdout) lock (stderr)
            return new ToolRunResult(timedOut ? -1 : p.ExitCode, stdout.ToString(), stderr.ToString(), sw.Elapsed, timedOut);
    }
}

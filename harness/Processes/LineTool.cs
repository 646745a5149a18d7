using System.Diagnostics;

namespace ProbeHarness.Processes;

/// <summary>
/// Runs a long host tool (a kernel build) with an argument list, handing each output line to a
/// callback as it comes, for progress. The child dies with the harness (<see cref="ChildProcesses"/>);
/// only the last lines are kept, for the error message.
/// </summary>
public static class LineTool
{
    private const int TailLines = 40;

    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, Action<string> onLine,
        CancellationToken ct = default, string? workingDirectory = null)
    {
        var (psi, command) = Tool.StartInfo(file, args, workingDirectory);
        var sw = Stopwatch.StartNew();
        var p = await ChildProcesses.StartAsync(psi);
        p.StandardInput.Close();
        var stdoutTail = new Queue<string>();
        var stderrTail = new Queue<string>();
        var gate = new object();
        var stdout = Pump(p.StandardOutput, stdoutTail);
        var stderr = Pump(p.StandardError, stderrTail);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            ChildProcesses.Kill(p);
            await p.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
        }
        await Task.WhenAll(stdout, stderr);
        return new ToolResult(command, timedOut ? -1 : p.ExitCode, string.Join('\n', stdoutTail), string.Join('\n', stderrTail),
            sw.Elapsed, timedOut);

        async Task Pump(StreamReader reader, Queue<string> tail)
        {
            while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lock (gate)
                {
                    tail.Enqueue(line);
                    if (tail.Count > TailLines) tail.Dequeue();
                    onLine(line);
                }
            }
        }
    }
}

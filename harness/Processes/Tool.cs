using System.Diagnostics;
using System.Text;

namespace ProbeHarness.Processes;

/// <summary>The outcome of one short-lived tool run.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr, TimeSpan Duration, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;

    /// <summary>The last lines of stderr (or stdout), for an error message.</summary>
    public string Gist(int lines = 12)
    {
        var text = string.IsNullOrWhiteSpace(Stderr) ? Stdout : Stderr;
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', all.TakeLast(lines));
    }
}

/// <summary>Runs a host tool with an argument list (never a shell string), capturing its output.</summary>
public static class Tool
{
    /// <summary>The file a program name runs, as a process start finds it: a path as given, else the first on PATH; null when none.</summary>
    public static string? Which(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? Path.GetFullPath(program) : null;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
    }

    /// <summary>How every host tool is started: an argument list, its streams redirected (stdin closed by the caller), one locale; and its command line as a shell would read it.</summary>
    internal static (ProcessStartInfo Psi, string Command) StartInfo(string file, IEnumerable<string> args, string? workingDirectory,
        IReadOnlyDictionary<string, string>? env = null)
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
        // Output is parsed in places (apt's lists, stap's pass lines): one language everywhere.
        psi.Environment["LC_ALL"] = "C.UTF-8";
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        return (psi, string.Join(' ', new[] { file }.Concat(psi.ArgumentList.Select(Shell.Sh.Word))));
    }

    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        CancellationToken ct = default, string? workingDirectory = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var (psi, command) = StartInfo(file, args, workingDirectory, env);
        var sw = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        try
        {
            p.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ToolResult(command, 127, "", $"{file}: {e.Message}", sw.Elapsed, false);
        }
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
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
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
        }
        return new ToolResult(command, timedOut ? -1 : p.ExitCode, await stdout, await stderr, sw.Elapsed, timedOut);
    }

    /// <summary>Runs a tool and throws <see cref="ToolFailedException"/> when it does not exit 0.</summary>
    public static async Task<ToolResult> CheckAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        CancellationToken ct = default, string? workingDirectory = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var r = await RunAsync(file, args, timeout, ct, workingDirectory, env);
        if (!r.Ok) throw new ToolFailedException(r);
        return r;
    }
}

/// <summary>A host tool failed: infrastructure, never the kernel's fault. The message names the command and ends with its error output.</summary>
public sealed class ToolFailedException(ToolResult result)
    : Kernels.InfrastructureException($"{result.Command} {(result.TimedOut ? "timed out" : $"exited {result.ExitCode}")}:\n{result.Gist()}")
{
    public ToolResult Result { get; } = result;
}

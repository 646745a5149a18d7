using System.Diagnostics;

namespace ProbeHarness.Kernels;

/// <summary>What a finished command printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs host tools (apt, dpkg-deb) with an argument list, never through a shell, and turns a
/// failure into an <see cref="InfrastructureException"/> that names the command and its stderr.
/// </summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken ct = default)
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
        // Tools parse their own output in places (apt's search lines), so pin the language.
        psi.Environment["LC_ALL"] = "C.UTF-8";
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;

        using var p = new Process { StartInfo = psi };
        try { p.Start(); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException)
        {
            throw new InfrastructureException($"cannot start {Describe(file, psi.ArgumentList)}: {e.Message}", e);
        }
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        try
        {
            await p.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        return new ProcessResult(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a command and throws when it exits non-zero.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(string file, IReadOnlyList<string> args,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken ct = default)
    {
        var r = await RunAsync(file, args, workingDirectory, environment, ct);
        if (r.ExitCode != 0)
            throw new InfrastructureException(
                $"{Describe(file, args)} exited with {r.ExitCode}: {Tail(r.Stderr.Length > 0 ? r.Stderr : r.Stdout)}");
        return r;
    }

    public static string Describe(string file, IEnumerable<string> args) =>
        "`" + string.Join(' ', new[] { file }.Concat(args).Select(a => a.Contains(' ') ? $"'{a}'" : a)) + "`";

    // The end of stderr is where tools say what went wrong; keep messages readable.
    private static string Tail(string text, int max = 2000)
    {
        text = text.Trim();
        return text.Length <= max ? text : "…" + text[^max..];
    }
}

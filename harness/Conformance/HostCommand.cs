using ProbeHarness.Processes;

namespace ProbeHarness.Conformance;

/// <summary>
/// Runs one conformance test's host command with the stap shim first on PATH, without the
/// capability to load modules (<see cref="WithoutModuleLoading"/>): a command that calls
/// /usr/bin/stap, staprun or insmod by path gets EPERM, not a module in the host's kernel. A suite's own
/// command lines and `#! /bin/sh` tests are shell by definition (SystemTap's DejaGnu runs them
/// through a shell too), so they go to /bin/sh as its script argument, never spliced into ours.
/// With <see cref="Memory"/>, a command whose inputs are unchanged answers from an earlier run
/// (never in record mode: that one must leave its modules behind).
/// </summary>
public sealed record HostCommand(string ShimDirectory, string SystemtapDir, string? RecordDirectory = null)
{
    public RememberedResults? Memory { get; init; }

    /// <summary>What the shim stands for in remembered results' keys (its text names per-run paths for container toolchains); null: its text.</summary>
    public string? ShimKey { get; init; }

    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["PATH"] = $"{ShimDirectory}:{System.Environment.GetEnvironmentVariable("PATH")}",
            ["SYSTEMTAP_DIR"] = SystemtapDir,
            ["LC_ALL"] = "C",
        };
        if (RecordDirectory is not null) env[StapShim.RecordVariable] = RecordDirectory;
        return env;
    }

    /// <summary>A shell command line, run in <paramref name="workingDirectory"/>.</summary>
    public Task<ToolResult> ShellAsync(string line, string workingDirectory, TimeSpan timeout, CancellationToken ct) =>
        RunAsync("/bin/sh", ["-c", line], workingDirectory, timeout, ct);

    /// <summary>A program (the shim itself, or a script file) with an argument list.</summary>
    public async Task<ToolResult> RunAsync(string file, IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        if (Memory is null || RecordDirectory is not null)
            return await WithoutModuleLoading.RunAsync(file, args, timeout, ct, workingDirectory, Environment());
        // The shim lives in each run's own directory: as a program it is keyed by what it is, not where.
        var key = Memory.KeyOf(ShimKey ?? File.ReadAllText(Stap), file == Stap ? "<stap shim>" : file, args, workingDirectory);
        if (Memory.Find(key) is { } remembered) return remembered;
        var r = await WithoutModuleLoading.RunAsync(file, args, timeout, ct, workingDirectory, Environment());
        Memory.Store(key, r);
        return r;
    }

    public string Stap => Path.Combine(ShimDirectory, "stap");
}

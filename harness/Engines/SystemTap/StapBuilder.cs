using ProbeHarness.Caching;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Turns a script into a kernel module with stap -p4 (never further: pass 5 would load it on
/// this host). stap's module cache lives under the harness cache (SYSTEMTAP_DIR), so a
/// script already built for a tree and runtime takes seconds instead of a cold compile.
/// </summary>
public sealed class StapBuilder(string stapPath, HarnessCache cache)
{
    public string StapPath { get; } = stapPath;

    /// <summary>stap's SYSTEMTAP_DIR; its cache/ subdirectory holds built modules.</summary>
    public string SystemtapDir { get; } = cache.Area(StapBuildWorkarounds.Default().CacheArea("systemtap"));

    public static async Task<StapBuilder> ForInstalledAsync(HarnessCache cache, CancellationToken ct = default) =>
        new((await StapRuntime.DetectAsync(ct)).StapPath, cache);

    /// <summary>stap's arguments for a request, in order; the script file is last.</summary>
    public static IReadOnlyList<string> Arguments(StapBuildRequest r)
    {
        var args = new List<string> { $"-p{r.LastPass}", "-r", r.BuildTree };
        if (r.RuntimeDirectory is not null) args.AddRange(["-R", r.RuntimeDirectory]);
        if (r.Arch is { IsHost: false } arch)
        {
            args.AddRange(["-a", arch.StapArch]);
            if (arch.CrossCompilePrefix.Length > 0) args.AddRange(["-B", $"CROSS_COMPILE={arch.CrossCompilePrefix}"]);
        }
        if (r.Guru) args.Add("-g");
        if (r.ModuleName is not null) args.AddRange(["-m", r.ModuleName]);
        args.AddRange(r.ExtraArgs);
        args.Add(r.ScriptFile);
        return args;
    }

    public async Task<StapBuildResult> BuildAsync(StapBuildRequest request, CancellationToken ct = default)
    {
        request.Validate();
        Directory.CreateDirectory(request.OutputDirectory);
        var args = Arguments(request);
        // With -m stap copies the module to its working directory; without, it prints the
        // module's path in its cache as the last line of stdout.
        var named = request.ModuleName is null ? null : Path.Combine(Path.GetFullPath(request.OutputDirectory), request.ModuleName + ".ko");
        if (named is not null && request.LastPass == 4) File.Delete(named); // a stale module must not pass for this build's

        var env = new Dictionary<string, string> { ["SYSTEMTAP_DIR"] = SystemtapDir };
        var run = await Processes.Tool.RunAsync(StapPath, args, request.Timeout, ct, request.OutputDirectory, env);

        var commandLine = new[] { StapPath }.Concat(args).ToList();
        var ko = named ?? (run.TimedOut ? null : ModulePrinted(run.Stdout, request.OutputDirectory));
        return Result(request, run, ko, commandLine);
    }

    /// <summary>
    /// The result of a finished stap run, wherever it ran: success needs exit 0 and, for pass 4,
    /// the module on disk; a failure names its pass and the error lines that explain it.
    /// </summary>
    internal static StapBuildResult Result(StapBuildRequest request, Processes.ToolResult run, string? ko, IReadOnlyList<string> commandLine)
    {
        var patchId = request.RuntimePatch?.Id;
        if (run.TimedOut)
            return new StapBuildResult(false, null, null, $"stap did not finish within {request.Timeout}",
                run.Duration, run.ExitCode, true, run.Stdout, run.Stderr, patchId, commandLine);

        var made = request.LastPass < 4 || (ko is not null && File.Exists(ko));
        if (run.ExitCode == 0 && made)
            return new StapBuildResult(true, request.LastPass == 4 ? ko : null, null, null,
                run.Duration, 0, false, run.Stdout, run.Stderr, patchId, commandLine);

        var reason = run.ExitCode == 0
            ? $"stap exited 0 but left no module ({ko ?? "none printed"})"
            : StapOutput.Reason(run.Stderr);
        return new StapBuildResult(false, null, StapOutput.FailedPass(run.Stderr) ?? (run.ExitCode == 0 ? 4 : null),
            reason, run.Duration, run.ExitCode, false, run.Stdout, run.Stderr, patchId, commandLine);
    }

    /// <summary>The last stdout line naming a .ko, made absolute against stap's working directory.</summary>
    internal static string? ModulePrinted(string stdout, string workingDirectory) =>
        stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.EndsWith(".ko", StringComparison.Ordinal)) is { } line
            ? Path.GetFullPath(line, Path.GetFullPath(workingDirectory))
            : null;
}

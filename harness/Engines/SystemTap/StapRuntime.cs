using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// The installed SystemTap translator: its binary, its version as runtime patches name it
/// ("4.8"), and the runtime directory that -R replaces.
/// </summary>
public sealed partial record StapRuntime(string StapPath, string Version, string FullVersion, string RuntimeDirectory)
{
    // "Systemtap translator/driver (version 4.8/0.188, Debian version 4.8-2)"
    [GeneratedRegex(@"\(version (?<ver>\d+\.\d+(?:\.\d+)?)(?<rest>[^,)]*)")]
    private static partial Regex VersionLine();

    /// <summary>Finds stap (STAP, else PATH) and asks it its version.</summary>
    public static async Task<StapRuntime> DetectAsync(CancellationToken ct = default)
    {
        var stap = Environment.GetEnvironmentVariable("STAP") is { Length: > 0 } s ? s : Processes.Tool.Which("stap")
            ?? throw new FileNotFoundException("stap is not installed (not on PATH; set STAP to its path)");
        var run = await Processes.Tool.RunAsync(stap, ["--version"], TimeSpan.FromSeconds(30), ct);
        var (version, full) = ParseVersion(run.Stdout + run.Stderr)
            ?? throw new InvalidOperationException($"cannot read the version of {stap} from: {run.Stderr.Trim()}{run.Stdout.Trim()}");
        var runtime = RuntimeDirectoryOf(stap);
        if (!File.Exists(Path.Combine(runtime, "runtime.h")))
            throw new DirectoryNotFoundException($"SystemTap runtime not found at {runtime} (set SYSTEMTAP_RUNTIME)");
        return new StapRuntime(Path.GetFullPath(stap), version, full, runtime);
    }

    /// <summary>("4.8", "4.8/0.188, Debian version 4.8-2") from stap --version output.</summary>
    public static (string Version, string Full)? ParseVersion(string versionOutput)
    {
        var line = versionOutput.Split('\n').FirstOrDefault(l => l.Contains("(version "));
        if (line is null) return null;
        var m = VersionLine().Match(line);
        if (!m.Success) return null;
        var open = line.IndexOf("(version ", StringComparison.Ordinal) + "(version ".Length;
        var close = line.LastIndexOf(')');
        return (m.Groups["ver"].Value, close > open ? line[open..close] : m.Groups["ver"].Value);
    }

    /// <summary>
    /// stap's own rule: SYSTEMTAP_RUNTIME, else PKGDATADIR/runtime, where PKGDATADIR is
    /// &lt;prefix&gt;/share/systemtap for a stap in &lt;prefix&gt;/bin.
    /// </summary>
    public static string RuntimeDirectoryOf(string stapPath)
    {
        if (Environment.GetEnvironmentVariable("SYSTEMTAP_RUNTIME") is { Length: > 0 } env) return Path.GetFullPath(env);
        var real = new FileInfo(stapPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(stapPath);
        var prefix = Path.GetDirectoryName(Path.GetDirectoryName(real))!;
        return Path.Combine(prefix, "share", "systemtap", "runtime");
    }
}

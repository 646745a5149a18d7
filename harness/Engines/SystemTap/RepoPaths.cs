namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Finds files that live in the repository rather than in the build output. The harness
/// project file may not list data files to copy, so data such as runtime patches is read
/// from the source tree: walk up from the running assembly (bin/Debug/net10.0/ of the
/// harness or of the tests) to the folder that holds Harness.sln.
/// </summary>
public static class RepoPaths
{
    public const string SolutionFile = Checkout.SolutionFile;

    /// <summary>
    /// The repository root: PROBE_HARNESS_REPO if set (an installed harness far from its
    /// sources), else the nearest ancestor of <paramref name="start"/> (default
    /// AppContext.BaseDirectory) that contains Harness.sln.
    /// </summary>
    public static string Root(string? start = null)
    {
        var env = Environment.GetEnvironmentVariable("PROBE_HARNESS_REPO");
        if (start is null && !string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        return Checkout.Find(start) ?? throw new DirectoryNotFoundException(
            $"no {SolutionFile} above {Path.GetFullPath(start ?? AppContext.BaseDirectory)}; set PROBE_HARNESS_REPO to the repository root");
    }

    /// <summary>harness/Engines/SystemTap/RuntimePatches in the repository.</summary>
    public static string StapRuntimePatches(string? start = null) =>
        Path.Combine(Root(start), "harness", "Engines", "SystemTap", "RuntimePatches");
}

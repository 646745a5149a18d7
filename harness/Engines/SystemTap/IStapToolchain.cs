namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Where stap runs: the host's own SystemTap, or another release's in a container. Either turns
/// the same build request into the same kind of result, and makes the patched runtime copies
/// that its own stap version takes with -R.
/// </summary>
public interface IStapToolchain : IAsyncDisposable
{
    /// <summary>"host", or the container recipe's name (trixie-stap).</summary>
    string Name { get; }

    /// <summary>stap's version as runtime patches name it: "4.8", "5.1".</summary>
    string Version { get; }

    /// <summary>stap's whole version text, for cache keys: "5.1/0.192, Debian version 5.1-5".</summary>
    string FullVersion { get; }

    /// <summary>What besides the request decides its builds, for cache keys: a container's image tag (its compilers).</summary>
    string Identity => $"{Name} {FullVersion}";

    /// <summary>A copy of this stap's runtime with <paramref name="patch"/> applied; the directory for -R.</summary>
    Task<string> PatchedRuntimeAsync(RuntimePatch patch, CancellationToken ct);

    /// <summary>stap -p4 (or lower) for the request; never loads anything.</summary>
    Task<StapBuildResult> BuildAsync(StapBuildRequest request, CancellationToken ct);

    /// <summary>
    /// This toolchain's stap as a program that suites call themselves (through the conformance
    /// shim), made ready for <paramref name="buildTree"/>; <paramref name="directory"/> is where
    /// a wrapper may be written.
    /// </summary>
    Task<StapProgram> ProgramAsync(string directory, string? buildTree, CancellationToken ct);
}

/// <summary>
/// A stap that can be run as a program with any arguments.
/// </summary>
/// <param name="Path">The program: the installed stap, or a wrapper that runs the toolchain's.</param>
/// <param name="SystemtapDir">stap's SYSTEMTAP_DIR for this toolchain (its module cache).</param>
/// <param name="WorkRoot">Where the files a command names must be to be seen by this stap; null: anywhere.</param>
public sealed record StapProgram(string Path, string SystemtapDir, string? WorkRoot);

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
}

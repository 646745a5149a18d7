using ProbeHarness.Caching;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// A copy of SystemTap's runtime directory with one declared patch applied, for stap -R.
/// Kept in the harness cache under a key of the runtime's content and the patch's content,
/// so editing either makes a new copy and concurrent runs share one (HarnessCache builds
/// an entry once, under a lock, and renames it into place complete).
/// </summary>
public static class PatchedRuntime
{
    public const string CacheKind = "stap-runtime";

    /// <summary>The file in the entry that says what it is; the runtime itself is in runtime/.</summary>
    public const string ManifestFile = "PATCHED-RUNTIME.txt";

    /// <summary>The patched runtime for the installed stap, which must be <paramref name="stapVersion"/>.</summary>
    public static async Task<string> GetAsync(HarnessCache cache, string stapVersion, RuntimePatch patch, CancellationToken ct = default)
    {
        var stap = await StapRuntime.DetectAsync(ct);
        if (stap.Version != stapVersion)
            throw new InvalidOperationException($"asked for a stap {stapVersion} runtime but {stap.StapPath} is {stap.Version}");
        return await GetAsync(cache, stapVersion, patch, stap.RuntimeDirectory, ct);
    }

    /// <summary>The patched copy of <paramref name="runtimeDirectory"/>; returns the directory to pass to -R.</summary>
    public static async Task<string> GetAsync(HarnessCache cache, string stapVersion, RuntimePatch patch,
        string runtimeDirectory, CancellationToken ct = default)
    {
        if (!patch.AppliesTo(stapVersion))
            throw new InvalidOperationException(
                $"runtime patch {patch.Id} is declared for stap {string.Join(", ", patch.EngineVersions)}, not {stapVersion}");
        var key = HarnessCache.KeyOf(CacheKind, stapVersion, FileTree.Key(runtimeDirectory), patch.Id, HarnessCache.HashFile(patch.PatchFile));
        var entry = await cache.GetOrCreateAsync(CacheKind, key,
            (dir, token) => BuildAsync(dir, stapVersion, patch, runtimeDirectory, token), ct);
        return Path.Combine(entry, "runtime");
    }

    private static async Task BuildAsync(string entry, string stapVersion, RuntimePatch patch, string runtimeDirectory, CancellationToken ct)
    {
        var target = Path.Combine(entry, "runtime");
        FileTree.Copy(runtimeDirectory, target);
        // --forward: an already-applied patch is a failure, not a silent reversal.
        // -r -: no .rej files left inside a runtime that stap would compile from.
        var run = await Processes.Tool.RunAsync("patch",
            ["-p1", "--forward", "--batch", "--no-backup-if-mismatch", "-r", "-", "-d", target, "-i", patch.PatchFile],
            TimeSpan.FromMinutes(1), ct);
        if (run.ExitCode != 0)
            throw new RuntimePatchException(patch,
                $"runtime patch {patch.Id} ({patch.PatchFile}) does not apply to {runtimeDirectory} (stap {stapVersion}):\n"
                + (run.Stdout + run.Stderr).Trim());
        await File.WriteAllTextAsync(Path.Combine(entry, ManifestFile),
            $"patch: {patch.Id}\npatch_file: {patch.PatchFile}\npatch_sha256: {HarnessCache.HashFile(patch.PatchFile)}\n"
            + $"stap_version: {stapVersion}\nsource_runtime: {runtimeDirectory}\n", ct);
    }
}

/// <summary>A declared runtime patch could not be applied; the message names the patch file.</summary>
public sealed class RuntimePatchException(RuntimePatch patch, string message) : Exception(message)
{
    public RuntimePatch Patch { get; } = patch;
}

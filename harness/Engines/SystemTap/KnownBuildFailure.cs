using System.Text.Json;
using ProbeHarness.Caching;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// A build that stap rejected, remembered by everything that determined it (script, build tree,
/// runtime, stap version, arguments): stap caches only the modules it made, and a rejection
/// repeated cold costs half a minute of every run that keeps a known failure visible.
/// </summary>
public sealed record KnownBuildFailure(int? Pass, string Reason, string Log)
{
    private const string Kind = "stap-rejections";

    public static KnownBuildFailure? Find(HarnessCache cache, string key)
    {
        var file = Path.Combine(cache.PathOf(Kind, key), "failure.json");
        if (!File.Exists(file)) return null;
        var f = JsonSerializer.Deserialize<KnownBuildFailure>(File.ReadAllText(file));
        return f is null ? null : f with { Log = f.Log + "\n(stap's rejection of these same inputs, remembered from an earlier run)" };
    }

    public static Task StoreAsync(HarnessCache cache, string key, KnownBuildFailure failure, CancellationToken ct) =>
        cache.GetOrCreateAsync(Kind, key, (dir, c) =>
            File.WriteAllTextAsync(Path.Combine(dir, "failure.json"), JsonSerializer.Serialize(failure), c), ct);
}

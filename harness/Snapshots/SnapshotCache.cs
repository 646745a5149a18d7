using System.Text.Json;
using ProbeHarness.Caching;
using ProbeHarness.Machines;

namespace ProbeHarness.Snapshots;

/// <summary>
/// Saved guests kept across runs in the harness cache, one entry per <see cref="SnapshotKey"/>:
/// a later run with the same QEMU, kernel, initramfs and machine restores from it without a cold
/// boot. Entries are made like every cache entry (built aside, renamed into place under a lock),
/// so concurrent runs see a whole snapshot or none; a snapshot that fails to restore is discarded
/// by the session that found it out.
/// </summary>
/// A saved guest is ~100 MB: past <see cref="MaxEntries"/> the least recently used ones go
/// (kernels and images move on nightly, and their old snapshots are never asked for again).
public sealed class SnapshotCache(HarnessCache cache, int? maxEntries = null)
{
    public const string Kind = "snapshots";

    /// <summary>Entries kept: PROBE_HARNESS_SNAPSHOTS, else 16 (~1.6 GB).</summary>
    public int MaxEntries { get; } = maxEntries
        ?? (int.TryParse(Environment.GetEnvironmentVariable("PROBE_HARNESS_SNAPSHOTS"), out var n) && n > 0 ? n : 16);
    private const string StreamFile = "guest.snapshot";
    private const string MetaFile = "snapshot.json";

    private sealed record Meta(string Id, string Release, string GuestMachine, double SaveSeconds, DateTimeOffset SavedUtc, IReadOnlyList<string> Inputs);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The key of the guest <paramref name="config"/> boots, with the inputs it was made from.</summary>
    public static (string Key, IReadOnlyList<string> Inputs) KeyOf(MachineConfig config)
    {
        var inputs = SnapshotKey.Inputs(config, Accelerator.For(config.Arch), QemuIdentity.Of(config.Arch.QemuBinary), FileHashes.Of);
        return (HarnessCache.KeyOf([.. inputs]), inputs);
    }

    /// <summary>The cached snapshot of <paramref name="key"/>, to be restored with <paramref name="config"/>; null when there is none.</summary>
    public CachedSnapshot? Find(string key, MachineConfig config)
    {
        var dir = cache.PathOf(Kind, key);
        try
        {
            var meta = JsonSerializer.Deserialize<Meta>(File.ReadAllText(Path.Combine(dir, MetaFile)), Json);
            var stream = Path.Combine(dir, StreamFile);
            if (meta is null || !File.Exists(stream)) return null;
            Touch(dir);
            return new CachedSnapshot(key, meta.Id, meta.SavedUtc,
                new Snapshot(stream, config, meta.Release, meta.GuestMachine, TimeSpan.FromSeconds(meta.SaveSeconds)), SavedHere: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Absent, or half-gone under a concurrent discard: no snapshot.
            return null;
        }
    }

    /// <summary>
    /// Saves <paramref name="machine"/> (booted with QMP, agent idle) as the entry of <paramref name="key"/>
    /// and lets it continue; when another run saved that key first, its snapshot is returned instead.
    /// </summary>
    public async Task<CachedSnapshot> SaveAsync(string key, IReadOnlyList<string> inputs, QemuMachine machine, CancellationToken ct)
    {
        var savedHere = false;
        await cache.GetOrCreateAsync(Kind, key, async (tmp, c) =>
        {
            var s = await machine.SaveSnapshotAsync(Path.Combine(tmp, StreamFile), c);
            var meta = new Meta(Guid.NewGuid().ToString("N"), s.Release, s.GuestMachine, s.SaveTime.TotalSeconds, DateTimeOffset.UtcNow, inputs);
            await File.WriteAllTextAsync(Path.Combine(tmp, MetaFile), JsonSerializer.Serialize(meta, Json), c);
            savedHere = true;
        }, ct);
        var found = Find(key, machine.Config)
            ?? throw new IOException($"snapshot entry {cache.PathOf(Kind, key)} vanished right after it was made");
        if (savedHere) await PruneAsync(keep: key, ct);
        return found with { SavedHere = savedHere };
    }

    /// <summary>Removes the least recently used entries beyond <see cref="MaxEntries"/>, never <paramref name="keep"/>.</summary>
    public async Task PruneAsync(string keep, CancellationToken ct)
    {
        var root = Path.Combine(cache.Root, Kind);
        if (!Directory.Exists(root)) return;
        var entries = Directory.GetDirectories(root).Select(d => new DirectoryInfo(d))
            .Where(d => !d.Name.StartsWith('.'))
            .OrderByDescending(d => d.Name == keep).ThenByDescending(LastUse).ToList();
        foreach (var old in entries.Skip(MaxEntries))
        {
            await using (await HarnessCache.LockAsync(old.FullName + ".lock", ct))
                RemoveAside(old.FullName, old.Name);
        }
    }

    /// <summary>When an entry was last saved or found: its metadata file's time, set on every use.</summary>
    private static DateTime LastUse(DirectoryInfo d)
    {
        var meta = new FileInfo(Path.Combine(d.FullName, MetaFile));
        return meta.Exists ? meta.LastWriteTimeUtc : d.LastWriteTimeUtc;
    }

    private static void Touch(string dir)
    {
        try { File.SetLastWriteTimeUtc(Path.Combine(dir, MetaFile), DateTime.UtcNow); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // read-only cache: order stays by save time
    }

    private void RemoveAside(string dir, string key)
    {
        if (!Directory.Exists(dir)) return;
        var aside = Path.Combine(cache.Root, Kind, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.discarded");
        Directory.Move(dir, aside);
        try { Directory.Delete(aside, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Removes a snapshot that would not restore, unless the entry is already another save (a
    /// concurrent run replaced it): the entry is renamed aside under the key's lock, then deleted.
    /// </summary>
    public async Task DiscardAsync(CachedSnapshot bad, CancellationToken ct)
    {
        var dir = cache.PathOf(Kind, bad.Key);
        await using (await HarnessCache.LockAsync(dir + ".lock", ct))
        {
            if (Find(bad.Key, bad.Snapshot.Config)?.Id != bad.Id) return;
            RemoveAside(dir, bad.Key);
        }
    }
}

using System.Text.Json;
using ProbeHarness.Caching;
using ProbeHarness.Machines;

namespace ProbeHarness.Running;

/// <summary>A snapshot held in the harness cache, and which save of that key it is.</summary>
/// <param name="SavedHere">This session saved it (rather than finding it from an earlier or concurrent run).</param>
public sealed record CachedSnapshot(string Key, string Id, DateTimeOffset SavedUtc, Snapshot Snapshot, bool SavedHere);

/// <summary>
/// Saved guests kept across runs in the harness cache, one entry per <see cref="SnapshotKey"/>:
/// a later run with the same QEMU, kernel, initramfs and machine restores from it without a cold
/// boot. Entries are made like every cache entry (built aside, renamed into place under a lock),
/// so concurrent runs see a whole snapshot or none; a snapshot that fails to restore is discarded
/// by the session that found it out.
/// </summary>
public sealed class SnapshotCache(HarnessCache cache)
{
    public const string Kind = "snapshots";
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
        return found with { SavedHere = savedHere };
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
            var aside = Path.Combine(cache.Root, Kind, $".{bad.Key}.{Environment.ProcessId}.{Guid.NewGuid():N}.discarded");
            Directory.Move(dir, aside);
            try { Directory.Delete(aside, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

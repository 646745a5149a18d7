using ProbeHarness.Machines;
using ProbeHarness.Running;

namespace ProbeHarness.Snapshots;

/// <summary>
/// Guests restored from a snapshot, so every test starts in a pristine guest (~0.4 s instead of a
/// ~6 s boot). The snapshot is found in the harness cache (an earlier run with the same QEMU,
/// kernel, initramfs and machine saved it) or saved from the session's first booted guest once its
/// agent is up. A snapshot that will not restore is discarded and saved anew from a fresh boot,
/// once; when it still cannot serve, the snapshot is given up and tests share booted guests.
/// </summary>
/// <param name="pristine">A guest per test was asked for; false: never any snapshot.</param>
/// <param name="cache">The harness cache's snapshots; null: the snapshot is the cell's own scratch file.</param>
public sealed class SnapshotGuests(Func<string, MachineConfig> configFor, string cellDirectory, IRunObserver observer, bool pristine, SnapshotCache? cache)
{
    private Snapshot? _snapshot;
    private CachedSnapshot? _cached;
    private (string Key, IReadOnlyList<string> Inputs)? _key;
    private int _restoreAttempts;

    /// <summary>A guest per test for now: false once the snapshot has been given up.</summary>
    public bool PerTest { get; private set; } = pristine;

    /// <summary>Tests run in restored guests now: a guest per test, and a snapshot to restore.</summary>
    public bool Serving => PerTest && _snapshot is not null;

    /// <summary>Time to save the snapshot, when this session saved one.</summary>
    public TimeSpan? SaveTime { get; private set; }
    /// <summary>The snapshot the tests were restored from came from the harness cache (an earlier or concurrent run saved it).</summary>
    public bool FromCache { get; private set; }
    /// <summary>The snapshot's cache key, when the cache was used.</summary>
    public string? Key => _key?.Key;
    /// <summary>Which snapshot was discarded because it would not restore (and a new one saved), and why; at most one per session.</summary>
    public string? Discarded { get; private set; }
    /// <summary>Why the snapshot could not serve, when it could not.</summary>
    public string? Problem { get; private set; }

    private string CellName => Path.GetFileName(cellDirectory);

    /// <summary>
    /// A guest restored from the snapshot (looked up in the cache first, once); null when there is
    /// none to restore, or when it failed: the first snapshot that fails (a cached one, or one saved
    /// this run) is discarded so the next boot saves a new one; a second failure gives the snapshot up.
    /// </summary>
    public async Task<QemuMachine?> TryRestoreAsync(Action<string> onConsole, CancellationToken ct)
    {
        if (PerTest && _snapshot is null && _key is null && cache is not null) FindCached();
        if (_snapshot is null) return null;
        // Numbered by attempt: a failed restore's console stays beside the ones that worked.
        var dir = Path.Combine(cellDirectory, $"restore-{++_restoreAttempts}");
        try
        {
            return await QemuMachine.RestoreAsync(_snapshot, dir, onConsole, ct);
        }
        catch (MachineFailure f)
        {
            await DiscardAsync($"{f.Title}: {f.Detail}", ct);
            return null;
        }
    }

    /// <summary>Saves a freshly booted guest when a snapshot is wanted and there is none yet: into the harness cache when there is one, else into the cell's directory.</summary>
    public async Task SaveIfWantedAsync(QemuMachine m, CancellationToken ct)
    {
        if (!PerTest || _snapshot is not null) return;
        try
        {
            if (cache is not null && _key is { } key)
            {
                _cached = await cache.SaveAsync(key.Key, key.Inputs, m, ct);
                _snapshot = _cached.Snapshot;
                FromCache = !_cached.SavedHere;
                if (_cached.SavedHere) SaveTime = _snapshot.SaveTime;
            }
            else
            {
                _snapshot = await m.SaveSnapshotAsync(Path.Combine(cellDirectory, "guest.snapshot"), ct);
                SaveTime = _snapshot.SaveTime;
            }
        }
        catch (Exception e) when (e is MachineFailure or QmpException or IOException)
        {
            GiveUp(e is MachineFailure f ? $"{f.Title}: {f.Detail}" : e.Message);
        }
    }

    /// <summary>Deletes the cell's own snapshot (scratch); a cached one stays for later runs.</summary>
    public void DeleteScratch()
    {
        if (_snapshot is not null && _cached is null) try { File.Delete(_snapshot.File); } catch (IOException) { }
    }

    /// <summary>Looks the snapshot up in the harness cache (computing its key once).</summary>
    private void FindCached()
    {
        var config = configFor(cellDirectory);
        try
        {
            _key = SnapshotCache.KeyOf(config);
        }
        catch (IOException e)
        {
            // An unreadable kernel or initramfs fails the boot with a clearer message; no cache for this session.
            observer.Phase(CellName, $"snapshot cache not used: {e.Message}");
            cache = null;
            return;
        }
        _cached = cache!.Find(_key.Value.Key, config);
        if (_cached is null) return;
        _snapshot = _cached.Snapshot;
        FromCache = true;
    }

    private async Task DiscardAsync(string why, CancellationToken ct)
    {
        var bad = _cached;
        var what = bad is { SavedHere: false } ? $"cached snapshot {bad.Key}" : "snapshot saved this run";
        _snapshot = null;
        _cached = null;
        FromCache = false;
        if (bad is not null)
            try { await cache!.DiscardAsync(bad, ct); }
            catch (IOException e) { observer.Phase(CellName, $"could not discard {what}: {e.Message}"); }
        if (Discarded is not null)
        {
            GiveUp(why);
            return;
        }
        Discarded = $"{what} did not restore ({why})";
        observer.Phase(CellName, $"{Discarded}; discarded, booting to save a new one");
    }

    private void GiveUp(string why)
    {
        Problem = why;
        PerTest = false;
        observer.Phase(CellName, $"snapshot cannot serve ({why}); the remaining tests share one booted guest");
    }
}

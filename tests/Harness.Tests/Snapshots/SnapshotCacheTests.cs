using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Machines;
using ProbeHarness.Snapshots;

namespace ProbeHarness.Tests.Snapshots;

public class SnapshotCacheTests
{
    private string _root = null!;
    private HarnessCache _cache = null!;
    private static readonly MachineConfig Config =
        new(ArchTable.Get("x86_64"), "/k/vmlinuz", "/k/initrd.gz", "/run/guest-1", []);

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), $"ph-snapcache-{Guid.NewGuid():N}");
        _cache = new HarnessCache(_root);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, true);

    /// <summary>An entry as SaveAsync leaves it, without a guest to save.</summary>
    private void Entry(string key, string id)
    {
        var dir = _cache.PathOf(SnapshotCache.Kind, key);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "guest.snapshot"), "stream");
        File.WriteAllText(Path.Combine(dir, "snapshot.json"),
            $$"""{"Id":"{{id}}","Release":"6.1.0-56-amd64","GuestMachine":"x86_64","SaveSeconds":1.5,"SavedUtc":"2026-11-26T10:00:00+00:00","Inputs":["snapshot-1"]}""");
    }

    [Test]
    public void No_entry_is_no_snapshot() =>
        Assert.That(new SnapshotCache(_cache).Find("absent", Config), Is.Null);

    [Test]
    public void An_entry_is_restored_with_this_runs_configuration()
    {
        Entry("k1", "a");
        var found = new SnapshotCache(_cache).Find("k1", Config)!;
        Assert.That((found.Id, found.SavedHere, found.Snapshot.Release, found.Snapshot.GuestMachine),
            Is.EqualTo(("a", false, "6.1.0-56-amd64", "x86_64")));
        Assert.That(found.Snapshot.Config, Is.SameAs(Config));
        Assert.That(found.Snapshot.File, Is.EqualTo(Path.Combine(_root, "snapshots", "k1", "guest.snapshot")));
        Assert.That(found.Snapshot.SaveTime, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public void A_half_written_or_damaged_entry_is_no_snapshot()
    {
        Entry("k1", "a");
        File.WriteAllText(Path.Combine(_root, "snapshots", "k1", "snapshot.json"), "{not json");
        Assert.That(new SnapshotCache(_cache).Find("k1", Config), Is.Null);
        Entry("k2", "b");
        File.Delete(Path.Combine(_root, "snapshots", "k2", "guest.snapshot"));
        Assert.That(new SnapshotCache(_cache).Find("k2", Config), Is.Null);
    }

    [Test]
    public async Task A_snapshot_that_would_not_restore_is_discarded()
    {
        Entry("k1", "a");
        var snapshots = new SnapshotCache(_cache);
        await snapshots.DiscardAsync(snapshots.Find("k1", Config)!, CancellationToken.None);
        Assert.That(snapshots.Find("k1", Config), Is.Null);
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(_root, "snapshots")).Where(e => !e.EndsWith(".lock")), Is.Empty,
            "nothing left aside");
    }

    [Test]
    public async Task A_newer_save_of_the_same_key_is_not_discarded_for_an_older_ones_fault()
    {
        Entry("k1", "old");
        var snapshots = new SnapshotCache(_cache);
        var old = snapshots.Find("k1", Config)!;
        // Another run discarded the old one and saved anew meanwhile.
        Directory.Delete(Path.Combine(_root, "snapshots", "k1"), true);
        Entry("k1", "new");
        await snapshots.DiscardAsync(old, CancellationToken.None);
        Assert.That(snapshots.Find("k1", Config)?.Id, Is.EqualTo("new"));
    }

    [Test]
    public async Task Past_the_limit_the_least_recently_used_entries_go_and_never_the_one_just_saved()
    {
        var snapshots = new SnapshotCache(_cache, maxEntries: 2);
        var t = DateTime.UtcNow.AddHours(-10);
        foreach (var (key, age) in new[] { ("old", 9), ("used", 8), ("new", 1), ("just-saved", 12) })
        {
            Entry(key, key);
            File.SetLastWriteTimeUtc(Path.Combine(_cache.PathOf(SnapshotCache.Kind, key), "snapshot.json"), t.AddHours(-age));
        }
        Assert.That(snapshots.Find("used", Config), Is.Not.Null); // a use makes it recent
        await snapshots.PruneAsync(keep: "just-saved", CancellationToken.None);
        var left = Directory.GetDirectories(Path.Combine(_root, SnapshotCache.Kind)).Select(Path.GetFileName).Where(n => !n!.StartsWith('.'));
        Assert.That(left, Is.EquivalentTo(new[] { "just-saved", "used" }));
    }
}

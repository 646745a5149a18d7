using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.KprobeEvents;
using ProbeHarness.Guest;
using ProbeHarness.GuestSessions;
using ProbeHarness.Judging;
using ProbeHarness.Machines;
using ProbeHarness.Running;
using ProbeHarness.Snapshots;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// Pristine guests for real: every test in a guest restored from a snapshot, the snapshot kept in
/// a harness cache so the next session for the same guest boots nothing, and a cached snapshot
/// that will not restore replaced rather than failing a test.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class GuestSessionSnapshotTests
{
    private string _root = null!;
    private SnapshotCache _snapshots = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), $"ph-sessions-{Guid.NewGuid():N}");
        _snapshots = new SnapshotCache(new HarnessCache(Path.Combine(_root, "cache")));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, true);

    private static PreparedProbe Script(string sh) => new(true, null, null, "", [], sh, TimeSpan.Zero);

    private async Task<GuestSession> SessionAsync(string name)
    {
        var (kernel, initrd) = await RealGuest.GetAsync();
        return new GuestSession(dir => new MachineConfig(ArchTable.Get("x86_64"), kernel.KernelPath, initrd, dir, [], 512),
            Path.Combine(_root, name), new Quiet(), null, pristine: true, _snapshots);
    }

    private static async Task<string> RunAsync(GuestSession s, string sh)
    {
        var o = await s.RunAsync("t", Script(sh), new KprobeEventsEngine(), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(o, Is.InstanceOf<Outcome.Ran>(), o.ToString());
        return ((Outcome.Ran)o).Output.Trim();
    }

    private const string Leave = "touch /tmp/leftover; echo p:ph_left do_sys_openat2 >> /sys/kernel/tracing/kprobe_events; echo left";
    private const string Look = "{ test -e /tmp/leftover || grep -q ph_left /sys/kernel/tracing/kprobe_events; } && echo dirty || echo clean";

    [Test]
    public async Task A_shared_guest_serves_test_after_test_until_one_leaves_a_taint_that_matters()
    {
        var (kernel, initrd) = await RealGuest.GetAsync();
        await using var s = new GuestSession(dir => new MachineConfig(ArchTable.Get("x86_64"), kernel.KernelPath, initrd, dir, [], 512),
            Path.Combine(_root, "shared"), new Quiet(), null, pristine: false);
        Assert.That(await RunAsync(s, Leave), Is.EqualTo("left"));
        Assert.That(await RunAsync(s, Look), Is.EqualTo("dirty"), "a shared guest keeps what the last test left");
        // Writing to /proc/sys/kernel/tainted adds flags: 512 is W, as a kernel warning would leave it.
        Assert.That(await RunAsync(s, "echo 512 > /proc/sys/kernel/tainted; echo warned"), Is.EqualTo("warned"));
        Assert.That(await RunAsync(s, Look), Is.EqualTo("clean"), "after a taint that matters, the next test gets a fresh guest");
        var stats = GuestStats.Of(s);
        Assert.That((s.Boots, stats.TestsPerGuest), Is.EqualTo((2, new[] { 3, 1 })), stats.ToString());
        Assert.That(s.TaintDiscards, Has.Count.EqualTo(1).And.Some.Contains("W (kernel warning)"));
    }

    [Test]
    public async Task A_second_session_for_the_same_guest_restores_from_the_cached_snapshot_without_booting()
    {
        await using (var first = await SessionAsync("first"))
        {
            Assert.That(await RunAsync(first, Leave), Is.EqualTo("left"));
            Assert.That(await RunAsync(first, Look), Is.EqualTo("clean"), "the next test's guest has none of the last one's leftovers");
            var stats = GuestStats.Of(first);
            Assert.That((stats.Boots.Count, stats.Restores.Count, stats.SnapshotFromCache, stats.SnapshotProblem),
                Is.EqualTo((1, 1, false, (string?)null)), stats.ToString());
            Assert.That(stats.SnapshotSave, Is.Not.Null);
        }

        await using (var second = await SessionAsync("second"))
        {
            Assert.That(await RunAsync(second, Leave), Is.EqualTo("left"));
            Assert.That(await RunAsync(second, Look), Is.EqualTo("clean"));
            // The restored guest's wall clock runs on from the save: nothing may rely on it.
            var guestClock = long.Parse(await RunAsync(second, "date +%s"));
            TestContext.Out.WriteLine($"guest clock behind the host by {DateTimeOffset.UtcNow.ToUnixTimeSeconds() - guestClock} s");
            var stats = GuestStats.Of(second);
            TestContext.Out.WriteLine(stats);
            Assert.That((second.Boots, stats.Restores.Count, stats.SnapshotFromCache, stats.SnapshotSave),
                Is.EqualTo((0, 3, true, (TimeSpan?)null)), stats.ToString());
        }
        Assert.That(File.ReadAllText(Path.Combine(_root, "second", "guests.txt")), Does.Contain("from the harness cache"));
    }

    [Test]
    public async Task A_cached_snapshot_that_will_not_restore_is_discarded_and_saved_again()
    {
        await using (var first = await SessionAsync("first"))
            Assert.That(await RunAsync(first, "echo one"), Is.EqualTo("one"));
        var (kernel, initrd) = await RealGuest.GetAsync();
        var key = SnapshotCache.KeyOf(new MachineConfig(ArchTable.Get("x86_64"), kernel.KernelPath, initrd, "", [], 512)).Key;
        var cached = _snapshots.Find(key, null!)!;
        // A damaged stream: QEMU refuses it part way.
        await using (var f = new FileStream(cached.Snapshot.File, FileMode.Open)) f.SetLength(f.Length / 3);

        await using var second = await SessionAsync("second");
        Assert.That(await RunAsync(second, "echo two"), Is.EqualTo("two"), "no test fails for a bad cached snapshot");
        Assert.That(await RunAsync(second, "echo three"), Is.EqualTo("three"));
        var stats = GuestStats.Of(second);
        Assert.That((second.Boots, stats.Restores.Count, stats.SnapshotFromCache, stats.SnapshotProblem),
            Is.EqualTo((1, 1, false, (string?)null)), stats.ToString());
        Assert.That(stats.DiscardedSnapshot, Does.StartWith($"cached snapshot {key} did not restore").And.Contain("restore from snapshot failed"));
        Assert.That(_snapshots.Find(key, null!)!.Id, Is.Not.EqualTo(cached.Id), "a new snapshot replaced the bad one");
    }

    private sealed class Quiet : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

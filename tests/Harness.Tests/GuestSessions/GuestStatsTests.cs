using NUnit.Framework;
using ProbeHarness.GuestSessions;

namespace ProbeHarness.Tests.GuestSessions;

public class GuestStatsTests
{
    private static readonly TimeSpan[] Two = [TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.5)];

    [Test]
    public void A_snapshot_from_the_cache_is_said_so_with_no_boot()
    {
        var s = new GuestStats([], Two, null, [1, 1], null) { Pristine = true, SnapshotFromCache = true, SnapshotKey = "abc" }.ToString();
        Assert.That(s, Does.Contain("cold boots: 0").And.Contain("snapshot restores: 2").And.Contain("snapshot save: none")
            .And.Contain("from the harness cache (abc)"));
    }

    [Test]
    public void Why_the_snapshot_could_not_serve_is_kept()
    {
        var s = new GuestStats([TimeSpan.FromSeconds(6)], [], null, [3], "restore from snapshot failed: device xyz") { Pristine = true }.ToString();
        Assert.That(s, Does.Contain("snapshot could not serve: restore from snapshot failed: device xyz").And.Contain("most in one guest: 3"));
    }

    [Test]
    public void A_discarded_cached_snapshot_and_a_new_save_are_both_told()
    {
        var s = new GuestStats([TimeSpan.FromSeconds(6)], Two, TimeSpan.FromSeconds(2), [1, 1, 1], null)
        {
            Pristine = true, SnapshotKey = "abc", DiscardedSnapshot = "cached snapshot abc did not restore (restore from snapshot failed: bad stream)",
        }.ToString();
        Assert.That(s, Does.Contain("discarded: cached snapshot abc did not restore").And.Contain("bad stream").And.Contain("a new one was saved").And.Contain("saved this run into the harness cache (abc)"));
    }

    [Test]
    public void Shared_guests_are_not_mistaken_for_a_snapshot() =>
        Assert.That(new GuestStats([TimeSpan.FromSeconds(6)], [], null, [4], null).ToString(), Does.Contain("guest: shared"));

    [Test]
    public void A_guest_ended_by_a_taint_is_listed() =>
        Assert.That(new GuestStats([TimeSpan.FromSeconds(6)], [], null, [2, 1], null) { TaintDiscards = ["t2: W (kernel warning)"] }.ToString(),
            Does.Contain("fresh guest after a taint: t2: W (kernel warning)"));
}

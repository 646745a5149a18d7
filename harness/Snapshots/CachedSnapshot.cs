using ProbeHarness.Machines;

namespace ProbeHarness.Snapshots;

/// <summary>A snapshot held in the harness cache, and which save of that key it is.</summary>
/// <param name="SavedHere">This session saved it (rather than finding it from an earlier or concurrent run).</param>
public sealed record CachedSnapshot(string Key, string Id, DateTimeOffset SavedUtc, Snapshot Snapshot, bool SavedHere);

namespace ProbeHarness.Suites;

/// <summary>How a suite's runtime tests get their guests (suite.yaml's `guest`).</summary>
public enum GuestMode
{
    /// <summary>
    /// Each runtime test in a guest restored from a snapshot of a freshly booted one, so one
    /// test's leftovers (loaded modules, kprobe_events definitions, taint, leaked kretprobe
    /// instances) never reach the next.
    /// </summary>
    Pristine,

    /// <summary>Tests batched in one booted guest until one crashes it: faster, not isolated.</summary>
    Shared,
}

public static class GuestModes
{
    /// <summary>The words suite.yaml uses, and their meaning for error messages.</summary>
    public static readonly IReadOnlyDictionary<string, GuestMode> Words = new Dictionary<string, GuestMode>
    {
        ["pristine"] = GuestMode.Pristine,
        ["shared"] = GuestMode.Shared,
    };
}

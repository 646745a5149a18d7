namespace ProbeHarness.GuestSessions;

/// <summary>What a session's guests cost as it goes: boots and restores with their times, tests per guest, guests ended for a taint.</summary>
public sealed class GuestTally
{
    /// <summary>Cold boots started (a boot that failed counts too).</summary>
    public int Boots { get; private set; }
    public List<TimeSpan> BootTimes { get; } = [];
    public List<TimeSpan> RestoreTimes { get; } = [];
    /// <summary>How many tests each guest (booted or restored) served, in order.</summary>
    public List<int> TestsPerGuest { get; } = [];
    /// <summary>Shared guests thrown away because a test tainted the kernel in a way that matters (test: flags).</summary>
    public List<string> TaintDiscards { get; } = [];

    /// <summary>Counts a boot about to start; its number names the guest's directory.</summary>
    public int BootStarting() => ++Boots;

    public void Booted(TimeSpan took)
    {
        BootTimes.Add(took);
        TestsPerGuest.Add(0);
    }

    public void Restored(TimeSpan took)
    {
        RestoreTimes.Add(took);
        TestsPerGuest.Add(0);
    }

    public void TestStarted() => TestsPerGuest[^1]++;
}

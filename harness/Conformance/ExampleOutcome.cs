using ProbeHarness.Engines;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// Where an example stands after its host part: judged already (state, reason), or ready for a
/// guest with the modules its test_installcheck loads.
/// </summary>
public sealed record ExampleOutcome(ExampleMeta Example, TestState? State, Culprit Culprit, string? Reason, TimeSpan HostTime, string Log,
    PreparedProbe? GuestRun)
{
    public bool NeedsGuest => State is null && GuestRun is not null;
}

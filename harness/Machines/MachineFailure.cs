using ProbeHarness.Verdicts;

namespace ProbeHarness.Machines;

/// <summary>
/// A machine-level failure that ends a boot or a step, carrying who is at fault, so that a QEMU
/// hiccup never reads as a kernel regression.
/// </summary>
public sealed class MachineFailure(Culprit culprit, string title, string detail) : Exception($"{title}: {detail}")
{
    public Culprit Culprit { get; } = culprit;

    /// <summary>A short stable title, e.g. "boot never reached the guest agent".</summary>
    public string Title { get; } = title;

    public string Detail { get; } = detail;
}

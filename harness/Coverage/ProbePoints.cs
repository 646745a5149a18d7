namespace ProbeHarness.Coverage;

/// <summary>
/// The probe points of one family an engine could place on one kernel: how many candidates there
/// were, which of them resolve, and how many of a random sample really registered.
/// </summary>
/// <param name="Family">E.g. "kprobe_events functions": text functions of the kernel minus the kprobe blacklist.</param>
/// <param name="Candidates">Every point considered (text functions, without compiler clones such as .isra/.cold).</param>
/// <param name="Resolved">The points that resolve, sorted: what a later kernel is compared against, by name.</param>
/// <param name="SampleTried">Points of <paramref name="Resolved"/> really registered through kprobe_events, to check the rule.</param>
/// <param name="SampleAccepted">How many of those the kernel accepted.</param>
/// <param name="SampleRefused">The sampled points the kernel refused: where the rule is wrong.</param>
public sealed record ProbePoints(string Family, int Candidates, IReadOnlyList<string> Resolved, int SampleTried, int SampleAccepted,
    IReadOnlyList<string> SampleRefused)
{
    public double Share => Candidates == 0 ? 0 : Resolved.Count / (double)Candidates;
}

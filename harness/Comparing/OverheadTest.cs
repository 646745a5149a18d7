using ProbeHarness.Statistics;
using ProbeHarness.Benchmarks;

namespace ProbeHarness.Comparing;

/// <summary>
/// When an overhead got worse: the candidate's per-hit samples are larger than the baseline's by
/// a one-sided Mann-Whitney U test at <see cref="Alpha"/>, and the ratio of medians is at least
/// 1 + <see cref="MinEffect"/>. Both numbers were chosen from `bench overhead --calibrate`
/// (A/A false alarms and detection of an injected +10%); the same test judges a fix the other way.
/// </summary>
public sealed record OverheadTest(double Alpha = OverheadTest.DefaultAlpha, double MinEffect = OverheadTest.DefaultMinEffect)
{
    public const double DefaultAlpha = 0.01;
    public const double DefaultMinEffect = 0.05;

    public sealed record Verdict(double Ratio, double PWorse, double PBetter, bool Worse, bool Better);

    public Verdict Judge(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate)
    {
        var b = Stats.Median(baseline);
        var c = Stats.Median(candidate);
        var ratio = b == 0 ? double.PositiveInfinity : c / b;
        var pWorse = MannWhitney.PGreater(baseline, candidate);
        var pBetter = MannWhitney.PGreater(candidate, baseline);
        return new Verdict(ratio, pWorse, pBetter,
            pWorse < Alpha && ratio >= 1 + MinEffect,
            pBetter < Alpha && ratio <= 1 / (1 + MinEffect));
    }
}

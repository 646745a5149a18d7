using ProbeHarness.Statistics;
using ProbeHarness.Comparing;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// How well <see cref="OverheadTest"/> tells overhead changes from noise, from one guest's
/// interleaved repetitions: A/A (the kprobe's samples split at random into two halves: every
/// "worse" is a false alarm), an injected +10% (one half's samples scaled by 1.10: the detection
/// rate for exactly that effect under the real noise), and a really slowed handler (the kprobe
/// against the same probe doing fixed extra work). Random splits of one session share its
/// conditions; drift between boots or nights is not in these figures.
/// </summary>
public static class OverheadCalibration
{
    public sealed record Row(double Alpha, double MinEffect, double FalseAlarm, double Detect10, double DetectSlowed);

    public sealed record Result(int Reps, int PerSide, int Splits, double SlowedRatio, IReadOnlyList<Row> Rows);

    public static readonly double[] Alphas = [0.001, 0.01, 0.05];
    public static readonly double[] MinEffects = [0, 0.05];

    public static Result Of(IReadOnlyList<double> kprobe, IReadOnlyList<double> slowed, int splits = 1000, int seed = 1)
    {
        if (kprobe.Count < 4 || slowed.Count < 4) throw new ArgumentException("calibration needs at least 4 repetitions");
        var rng = new Random(seed);
        var half = kprobe.Count / 2;
        var draws = new List<(double[] A, double[] B, double[] S)>();
        for (var i = 0; i < splits; i++)
        {
            var k = kprobe.OrderBy(_ => rng.Next()).ToArray();
            var s = slowed.OrderBy(_ => rng.Next()).Take(half).ToArray();
            draws.Add((k[..half], k[half..(2 * half)], s));
        }
        var rows = new List<Row>();
        foreach (var alpha in Alphas)
            foreach (var effect in MinEffects)
            {
                var t = new OverheadTest(alpha, effect);
                double Rate(Func<(double[] A, double[] B, double[] S), bool> worse) => draws.Count(worse) / (double)draws.Count;
                rows.Add(new Row(alpha, effect,
                    Rate(d => t.Judge(d.A, d.B).Worse),
                    Rate(d => t.Judge(d.A, d.B.Select(x => x * 1.10).ToArray()).Worse),
                    Rate(d => t.Judge(d.A, d.S).Worse)));
            }
        return new Result(kprobe.Count, half, splits, Stats.Median(slowed) / Stats.Median(kprobe), rows);
    }
}

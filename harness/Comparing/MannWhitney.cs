namespace ProbeHarness.Comparing;

/// <summary>
/// The Mann-Whitney U test, one-sided: is the candidate's sample stochastically larger than the
/// baseline's? Normal approximation with tie correction and continuity correction, good from about
/// 8 samples a side; makes no assumption about the shape of TCG's timing noise.
/// </summary>
public static class MannWhitney
{
    /// <returns>The p-value of "candidate is not larger than baseline".</returns>
    public static double PGreater(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate)
    {
        int n1 = baseline.Count, n2 = candidate.Count;
        if (n1 == 0 || n2 == 0) throw new ArgumentException("both samples need values");
        var all = baseline.Select(v => (v, fromCandidate: false)).Concat(candidate.Select(v => (v, fromCandidate: true)))
            .OrderBy(x => x.v).ToList();
        var ranks = new double[all.Count];
        double tieTerm = 0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j + 1 < all.Count && all[j + 1].v == all[i].v) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[k] = rank;
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        var r2 = all.Select((x, i) => x.fromCandidate ? ranks[i] : 0).Sum();
        var u2 = r2 - n2 * (n2 + 1) / 2.0;
        var mean = n1 * n2 / 2.0;
        double n = n1 + n2;
        var variance = n1 * n2 / 12.0 * ((n + 1) - tieTerm / (n * (n - 1)));
        if (variance <= 0) return u2 > mean ? 0 : 1;
        var z = (u2 - mean - 0.5) / Math.Sqrt(variance);
        return 1 - NormalCdf(z);
    }

    /// <summary>Φ(z), from the complementary error function (Abramowitz-Stegun 7.1.26, error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + 0.3275911 * x);
        var erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.Exp(-x * x);
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
    }
}

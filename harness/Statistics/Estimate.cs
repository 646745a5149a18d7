namespace ProbeHarness.Statistics;

/// <summary>A mean with a 95% confidence interval from a percentile bootstrap (fixed seed: same data, same interval).</summary>
public sealed record Estimate(double Mean, double Low, double High, int Samples)
{
    public override string ToString() => $"{Mean:0} [{Low:0}, {High:0}]";

    public static Estimate Of(IReadOnlyList<double> xs, int resamples = 4000, int seed = 1)
    {
        if (xs.Count == 0) throw new ArgumentException("no samples");
        var mean = xs.Average();
        if (xs.Count == 1) return new Estimate(mean, mean, mean, 1);
        var rng = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < xs.Count; i++) sum += xs[rng.Next(xs.Count)];
            means[r] = sum / xs.Count;
        }
        Array.Sort(means);
        return new Estimate(mean, means[(int)(0.025 * (resamples - 1))], means[(int)(0.975 * (resamples - 1))], xs.Count);
    }
}

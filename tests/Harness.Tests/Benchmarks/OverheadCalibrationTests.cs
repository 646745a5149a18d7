using NUnit.Framework;
using ProbeHarness.Benchmarks;

namespace ProbeHarness.Tests.Benchmarks;

public class OverheadCalibrationTests
{
    private static double[] Noisy(int n, double mean, int seed)
    {
        var rng = new Random(seed);
        // Sum of uniforms: roughly normal with a 5% spread, like TCG's per-repetition noise.
        return Enumerable.Range(0, n).Select(_ => mean * (1 + 0.05 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5))).ToArray();
    }

    [Test]
    public void Same_distribution_rarely_alarms_and_a_large_slowdown_is_always_seen()
    {
        var c = OverheadCalibration.Of(Noisy(40, 1000, 1), Noisy(40, 1500, 2), splits: 300);
        var strict = c.Rows.Single(r => r.Alpha == 0.01 && r.MinEffect == 0.05);
        Assert.That(strict.FalseAlarm, Is.LessThan(0.05));
        Assert.That(strict.DetectSlowed, Is.EqualTo(1.0));
        Assert.That((c.Reps, c.PerSide), Is.EqualTo((40, 20)));
        Assert.That(c.SlowedRatio, Is.InRange(1.4, 1.6));
    }

    [Test]
    public void A_looser_alpha_alarms_at_least_as_often()
    {
        var c = OverheadCalibration.Of(Noisy(30, 1000, 3), Noisy(30, 1100, 4), splits: 300);
        var byAlpha = c.Rows.Where(r => r.MinEffect == 0).OrderBy(r => r.Alpha).ToList();
        for (var i = 1; i < byAlpha.Count; i++)
        {
            Assert.That(byAlpha[i].FalseAlarm, Is.GreaterThanOrEqualTo(byAlpha[i - 1].FalseAlarm));
            Assert.That(byAlpha[i].Detect10, Is.GreaterThanOrEqualTo(byAlpha[i - 1].Detect10));
        }
    }
}

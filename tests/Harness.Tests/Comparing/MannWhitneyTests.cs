using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Comparing;

namespace ProbeHarness.Tests.Comparing;

public class MannWhitneyTests
{
    private static readonly double[] Noise = [100, 103, 97, 101, 99, 104, 96, 102, 98, 100, 105, 95, 101, 99, 100];

    [Test]
    public void A_clear_shift_is_significant_and_its_reverse_is_not()
    {
        var slower = Noise.Select(x => x * 1.10).ToArray();
        Assert.That(MannWhitney.PGreater(Noise, slower), Is.LessThan(0.001));
        Assert.That(MannWhitney.PGreater(slower, Noise), Is.GreaterThan(0.99));
    }

    [Test]
    public void The_same_sample_is_not_significant() =>
        Assert.That(MannWhitney.PGreater(Noise, Noise), Is.GreaterThan(0.4));

    [Test]
    public void Textbook_value()
    {
        // U = 0 for two fully separated samples of 5: exact p 1/252 = 0.004; the normal approximation gives ~0.006.
        Assert.That(MannWhitney.PGreater([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]), Is.InRange(0.003, 0.008));
        Assert.That(MannWhitney.NormalCdf(1.959964), Is.EqualTo(0.975).Within(1e-6));
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property P_is_a_probability() =>
        Prop.ForAll(Gen.Choose(0, 50).Select(i => (double)i).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            Gen.Choose(0, 50).Select(i => (double)i).ArrayOf().Where(a => a.Length > 0).ToArbitrary(),
            (a, b) => MannWhitney.PGreater(a, b) is >= 0 and <= 1);

    [Test]
    public void The_overhead_test_needs_both_significance_and_size()
    {
        var test = new OverheadTest();
        Assert.That(test.Judge(Noise, Noise.Select(x => x * 1.10).ToArray()).Worse, Is.True);
        Assert.That(test.Judge(Noise, Noise.Select(x => x * 1.02).ToArray()).Worse, Is.False, "2% is below the minimum effect");
        Assert.That(test.Judge(Noise.Select(x => x * 1.10).ToArray(), Noise).Better, Is.True);
    }
}

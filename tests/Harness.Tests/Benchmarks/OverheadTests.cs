using NUnit.Framework;
using ProbeHarness.Benchmarks;
using ProbeHarness.Statistics;

namespace ProbeHarness.Tests.Benchmarks;

public class OverheadTests
{
    [Test]
    public void The_interval_holds_the_mean_and_narrows_with_agreeing_samples()
    {
        var wide = Estimate.Of([100, 900, 300, 700, 500]);
        var narrow = Estimate.Of([490, 510, 500, 505, 495]);
        Assert.That(wide.Mean, Is.EqualTo(500));
        Assert.That(wide.Low, Is.LessThan(500).And.GreaterThanOrEqualTo(100));
        Assert.That(wide.High, Is.GreaterThan(500).And.LessThanOrEqualTo(900));
        Assert.That(narrow.High - narrow.Low, Is.LessThan((wide.High - wide.Low) / 10));
        Assert.That(Estimate.Of([100, 900, 300, 700, 500]), Is.EqualTo(wide), "the same data gives the same interval");
    }

    [Test]
    public void Guest_lines_give_elapsed_ns_and_kprobe_modes()
    {
        var modes = new Dictionary<string, string>();
        var t = OverheadBenchmark.Parse("none 20000 15000000\nkprobe 20000 45000000\nmode kprobe [FTRACE]\n", modes);
        Assert.That(t, Is.EqualTo(new Dictionary<string, double> { ["none"] = 15e6, ["kprobe"] = 45e6 }));
        Assert.That(modes["kprobe"], Is.EqualTo("[FTRACE]"));
        Assert.That(() => OverheadBenchmark.Parse("garbage\n", modes), Throws.InstanceOf<FormatException>());
    }
}

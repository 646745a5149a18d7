using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Comparing;
using ProbeHarness.Nightly;
using ProbeHarness.Results;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// Two nights for real on the small matrix (newest bookworm kernel, x86_64, kprobe_events): the
/// first stands on its own gate, the second compares with it; the overhead samples of both are in
/// the history.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class NightlyRunTests
{
    [Test]
    public async Task The_second_night_compares_with_the_first()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-nightly-{Guid.NewGuid():N}");
        var options = new NightlyOptions { Matrix = "nightly-quick", OutDirectory = root, Database = Path.Combine(root, "history.sqlite"), OverheadReps = 8, OverheadCalls = 5000, TapsetFamilies = ["kprocess"] };
        var first = await new NightlyRun(options, HarnessCache.Default(), new Progress()).ExecuteAsync(l => TestContext.Progress.WriteLine(l), CancellationToken.None);
        var second = await new NightlyRun(options, HarnessCache.Default(), new Progress()).ExecuteAsync(l => TestContext.Progress.WriteLine(l), CancellationToken.None);

        Assert.That(first.Comparison.Note, Does.StartWith("first night"));
        Assert.That(first.ExitCode, Is.EqualTo(ProbeHarness.Running.Gate.ExitCode(first.Results)));
        Assert.That(second.Comparison.Base.Label, Does.Contain(first.Night.Id), second.Comparison.Note);
        Assert.That(second.Comparison.Findings.Where(f => f.Severity == Severity.Regression), Is.Empty,
            string.Join("\n", second.Comparison.Findings.Select(f => f.Summary)));
        Assert.That(File.Exists(Path.Combine(second.Night.RunDirectory, "compare.json")) && File.Exists(Path.Combine(second.Night.RunDirectory, "nightly.md")));
        using var store = ResultStores.Open(options.Database!);
        Assert.That(Measurements.Of(store, second.Night.Id).Select(m => m.Name), Is.EquivalentTo(new[] { "kprobe", "kretprobe", "kprobe icount", "kretprobe icount" }));
        // SystemTap's kprocess aliases on the stock kernel: the syscall- and tracepoint-based ones resolve, the DWARF ones do not.
        var tapset = CoverageRecords.Of(store, second.Night.Id).Single(c => c.Family == "systemtap kprocess aliases");
        Assert.That(tapset.Candidates, Is.GreaterThanOrEqualTo(6));
        Assert.That(tapset.Points, Does.Contain("kprocess.exec").And.Not.Contain("kprocess.release"));
        Directory.Delete(root, recursive: true);
    }

    private sealed class Progress : ProbeHarness.Running.IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

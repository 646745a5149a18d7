using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The kretprobe miss oracle on a real guest: phstress.ko built for the newest bookworm x86_64
/// kernel, loaded in the guest, 6 tasks asleep in phstress_sleep under a kprobe_events `r2:`
/// probe. The right expectation (returns 2, misses 4) passes; the same run judged against a
/// deliberately wrong one (maxactive 3) fails. One guest per test, restored from a snapshot.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class KretprobeStressTests
{
    [Test]
    public async Task Maxactive_2_of_6_sleepers_is_exactly_2_returns_and_4_misses()
    {
        var root = Directory.CreateTempSubdirectory("ph-kretstress-").FullName;
        try
        {
            File.Copy(Path.Combine(Resources.Dir("suites"), "kretprobe-stress", "maxactive.kprobe"), Path.Combine(root, "maxactive.kprobe"));
            File.WriteAllText(Path.Combine(root, "suite.yaml"), """
                suite: kretprobe-oracle
                tests:
                  - name: right
                    modules: [phstress]
                    script: maxactive.kprobe
                    workload: phstress sleep 6 1000
                    expect:
                      kretprobe-misses: {probe: ph_sleep, function: phstress_sleep, tasks: 6, maxactive: 2}
                  - name: wrong
                    modules: [phstress]
                    script: maxactive.kprobe
                    workload: phstress sleep 6 1000
                    expect:
                      kretprobe-misses: {probe: ph_sleep, function: phstress_sleep, tasks: 6, maxactive: 3}
                """);
            var options = new RunOptions
            {
                Suite = root, Engines = ["kprobe_events"], OutDirectory = Path.Combine(root, "runs"),
                Database = Path.Combine(root, "history.sqlite"),
            };
            var report = await new HarnessRun(options, HarnessCache.Default(), new TestProgress()).ExecuteAsync(CancellationToken.None);
            var right = report.Results.Single(r => r.Test == "right");
            var wrong = report.Results.Single(r => r.Test == "wrong");
            Assert.That(right.State, Is.EqualTo(TestState.Pass), right.Reason + "\n" + right.Output);
            Assert.That(right.Output, Does.Contain("MISSED ph_sleep 4").And.Contain("MODULE phstress_sleep 6 6"));
            Assert.That(wrong.State, Is.EqualTo(TestState.Fail), wrong.Output);
            Assert.That(wrong.Reason, Does.Contain("2 returns seen, expected 3").And.Contain("4 misses, expected 3"));
        }
        finally { Directory.Delete(root, true); }
    }

    private sealed class TestProgress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

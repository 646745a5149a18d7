using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Coverage;
using ProbeHarness.Nightly;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Comparing;

public class NightlyMarkdownTests
{
    [Test]
    public void The_morning_answer_comes_first()
    {
        var night = new RunInfo("n1", "smoke", DateTimeOffset.UnixEpoch, "h", "/tmp/n1", "0");
        var cell = new Cell("x86_64", "6.1.0-57-amd64", "kprobe_events-kernel");
        var worse = new Finding("new-failure", Severity.Regression, "s", Culprit.Kernel, "pair [x86_64/6.1 amd64/kprobe_events]: PASS -> FAIL");
        var comparison = new ComparisonReport(1, new ComparedSide("last-good", ["n0"], []), new ComparedSide("n1", ["r1"], []), 1, "regressions",
            new Dictionary<string, int>(), [worse], null);
        var md = NightlyMarkdown.Of(night, new Matrix("quick", "smoke", []), [new TestResult("smoke", "pair", cell, TestState.Fail, Culprit.Kernel, null, TimeSpan.Zero, "")],
            [new Measurement("n1", cell, "kprobe", "ns/hit", [900, 1000, 1100])], [new CoverageRecord("n1", cell, "kprobe_events functions", 10, ["a", "b"]),
             new CoverageRecord("r1", cell, MachineryTrace.Family("smoke"), 132, ["kprobe_ftrace_handler"])], comparison, 1);
        var lines = md.Split('\n');
        Assert.That(lines[2], Does.StartWith("Gate: **exit 1** — regressions"));
        Assert.That(md, Does.Contain("## Worse since last-good (1)").And.Contain("PASS -&gt; FAIL (Kernel)")
            .And.Contain("| x86_64 | 6.1.0-57-amd64 |").And.Contain("kprobe on x86_64 6.1.0-57-amd64: 1000 ns (3 samples)")
            .And.Contain(@"kprobe\_events functions on x86_64 6.1.0-57-amd64 kprobe\_events-kernel: 2 of 10 resolve")
            .And.Contain(@"probe machinery functions exercised by smoke on x86_64 6.1.0-57-amd64 kprobe\_events-kernel: 1 of 132 exercised"));
    }
}

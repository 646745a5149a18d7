using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using ProbeHarness.Tests.Exporters.Html;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Browser;

/// <summary>
/// A comparison's page (compare writes compare/report.html beside compare.json) in a real headless
/// Chromium: the regression heads the page, the plots are drawn, and a reason carrying a script stays text.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public class ComparisonPageBrowserTests
{
    [Test]
    public async Task A_regression_heads_the_comparison_page_which_renders_inert()
    {
        var dir = Directory.CreateTempSubdirectory("ph-compare-page-").FullName;
        try
        {
            var cell = new Cell("x86_64", "6.1.0-57-amd64", "kprobe_events-kernel");
            using var store = new SqliteResultStore(Path.Combine(dir, "h.sqlite"));
            foreach (var (id, day, state, reason) in new[]
                     { ("base-run", 1, TestState.Pass, (string?)null), ("cand-run", 2, TestState.Fail, HostileRun.Attacks[1]) })
            {
                var info = new RunInfo(id, "smoke", new DateTimeOffset(2026, 11, day, 2, 0, 0, TimeSpan.Zero), "host", Path.Combine(dir, id), "0.0.0");
                store.BeginRun(info);
                store.Record(new TestResult("smoke", "getpid", cell, state, state == TestState.Pass ? Culprit.None : Culprit.Kernel, reason,
                    TimeSpan.FromSeconds(day), HostileRun.Attacks[0]));
                store.Record(new TestResult("smoke", "timer", cell, TestState.Pass, Culprit.None, null, TimeSpan.FromSeconds(2), "ok"));
                store.FinishRun(id, state == TestState.Pass ? 0 : 1, info.Started.AddMinutes(1));
            }

            var out_ = Path.Combine(dir, "out");
            var report = new ComparisonRun(store).Execute("base-run", "cand-run", out_);
            Assert.That(report.ExitCode, Is.EqualTo(1), "PASS -> FAIL is a regression");
            var page = Path.Combine(out_, ComparisonPage.Folder, "report.html");
            Assert.That(File.Exists(page), "compare wrote its page");
            Assert.That(File.ReadAllText(Path.Combine(out_, "comparison.json")), Does.Contain("new-failure"));

            await using var browser = await Chromium.StartAsync();
            await ReportPage.AssertRendersInertAsync(browser, page, minPlots: 1);
            var text = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
            Assert.That(text, Does.Contain("Regressions against base-run"));
            Assert.That(text.IndexOf("new-failure", StringComparison.Ordinal), Is.LessThan(text.IndexOf("timer", StringComparison.Ordinal)),
                "the regression comes before the matrix");
        }
        finally { Directory.Delete(dir, true); }
    }
}

using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Results;
using ProbeHarness.Tests.Exporters.Html;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Tests.Cli;

/// <summary>`report RUN --html` and `--kcidb`: only those files, with trends from the history and a comparison's findings on top.</summary>
public class ReportHtmlCommandTests
{
    private string _dir = null!;
    private string _db = null!;

    [SetUp]
    public void History()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"ph-report-html-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        _db = Path.Combine(_dir, "h.sqlite");
        var cell = new Cell("x86_64", "6.1.0-57-amd64", "kprobe_events-kernel");
        using var store = new SqliteResultStore(_db);
        foreach (var (id, day, seconds) in new[] { ("r1", 1, 2.0), ("r2", 2, 3.0), ("r3", 3, 2.5) })
        {
            var info = new RunInfo(id, "smoke", new DateTimeOffset(2026, 11, day, 2, 0, 0, TimeSpan.Zero), "host", Path.Combine(_dir, id), "0.0.0");
            store.BeginRun(info);
            store.Record(new TestResult("smoke", "getpid", cell, TestState.Pass, Culprit.None, null, TimeSpan.FromSeconds(seconds), "ok"));
            store.FinishRun(id, 0, info.Started.AddMinutes(1));
        }
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, true);

    private readonly StringWriter _errors = new();

    private int Report(params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        return HarnessApp.RunAsync(["report", .. args, "--db", _db], console, new CliStreams(new StringWriter(), _errors), CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    [Test]
    public void Html_writes_only_the_page_and_its_plots_with_three_runs_of_trend()
    {
        var comparison = Path.Combine(_dir, "cmp.json");
        File.WriteAllText(comparison, System.Text.Json.JsonSerializer.Serialize(HostileRun.Comparison with { BaseRun = "r2" }, ComparisonSummary.Json));
        Assert.That(Report("r3", "--html", "--comparison", comparison), Is.Zero);
        var run = Path.Combine(_dir, "r3");
        Assert.That(Directory.GetFiles(run).Select(Path.GetFileName), Is.EquivalentTo(new[] { "report.html" }));
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("Regressions against r2").And.Contain("Trends over the last 3 run(s)"));
        var time = File.ReadAllLines(Path.Combine(run, "plots", "test-time.dat")).Single(l => !l.StartsWith('#'));
        Assert.That(time, Does.StartWith("\"getpid_[x86_64_kprobe_events-kernel]\" 2.5 "), "the mean of 2, 3 and 2.5 s");
        Assert.That(time, Does.EndWith(" 3"), "three samples");
    }

    [Test]
    public void Kcidb_writes_only_kcidb_json()
    {
        Assert.That(Report("r1", "--kcidb"), Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "r1")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "kcidb.json" }));
    }

    [Test]
    public void A_missing_comparison_file_is_an_error()
    {
        var missing = Path.Combine(_dir, "none.json");
        Assert.That(Report("r3", "--html", "--comparison", missing), Is.EqualTo(2));
        Assert.That(_errors.ToString().Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains("none.json"));
    }
}

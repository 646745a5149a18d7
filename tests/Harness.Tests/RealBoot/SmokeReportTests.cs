using System.Text.Json.Nodes;
using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Exporters.Kcidb;
using ProbeHarness.Profiling;
using ProbeHarness.Running;
using ProbeHarness.Tests.Browser;
using ProbeHarness.Tests.Exporters.Kcidb;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// A real smoke run's reports (kprobe_events: guests, probes and the deliberate crash, without
/// SystemTap's build time), recorded with the profiler: its report.html in headless Chromium,
/// its kcidb.json against the schema, its .nettrace read back into phases.
/// </summary>
[Category("RealBoot")]
[Category("Browser")]
[NonParallelizable]
public class SmokeReportTests
{
    private RunReport _report = null!;
    private string _trace = null!;

    [OneTimeSetUp]
    public async Task RunTheSmokeSuiteProfiled()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-smoke-report-{Guid.NewGuid():N}");
        var options = new RunOptions { OutDirectory = root, Database = Path.Combine(root, "history.sqlite"), Engines = ["kprobe_events"] };
        var profile = ProfileSession.Start(root);
        _report = await new HarnessRun(options, HarnessCache.Default(), ProfileSession.Observe(new Quiet())).ExecuteAsync(CancellationToken.None);
        _trace = await profile.FinishAsync(_report.Info.RunDirectory);
    }

    [Test]
    public async Task The_report_renders_in_chromium_with_its_plots_and_the_crash_as_text()
    {
        var page = Path.Combine(_report.Info.RunDirectory, HtmlReportExporter.FileName);
        await using var browser = await Chromium.StartAsync();
        await ReportPage.AssertRendersInertAsync(browser, page, minPlots: 3);
        var crashText = (await browser.EvaluateAsync("document.getElementById('crashes').nextElementSibling.innerText"))!.GetValue<string>();
        Assert.That(crashText, Does.Contain("kernel panic: sysrq triggered crash"));
        await File.WriteAllBytesAsync(Path.Combine(_report.Info.RunDirectory, "report.png"), await browser.ScreenshotAsync());
        Assert.That(Directory.GetFiles(Path.Combine(_report.Info.RunDirectory, "plots"), "*.dat"), Has.Length.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void The_kcidb_json_validates_against_the_schema()
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(_report.Info.RunDirectory, KcidbExporter.FileName)))!;
        Assert.That(KcidbSchema.Errors(doc), Is.Empty);
        Assert.That(doc["tests"]!.AsArray(), Has.Count.EqualTo(_report.Results.Count));
        Assert.That(doc["issues"]!.AsArray().Select(i => i!["report_subject"]!.GetValue<string>()), Does.Contain("kernel panic: sysrq triggered crash"));
    }

    [Test]
    public void The_profile_splits_the_run_into_phases_and_cpu()
    {
        var p = ProfileReader.Read(_trace);
        var phases = p.Phases.Select(s => s.Phase).Distinct().ToList();
        Assert.That(phases, Is.SupersetOf(new[] { Phase.Build, Phase.Load, Phase.Execute, Phase.Judge, Phase.Export }));
        Assert.That(phases.Intersect(new[] { Phase.Boot, Phase.Restore }), Is.Not.Empty, "guests were booted or restored");
        Assert.That(p.Cells.Keys, Has.Some.Contains("kprobe_events"));
        Assert.That(p.SelfCpuMs, Is.GreaterThan(0));
        Assert.That(p.ChildCpuMs.Keys, Has.Some.StartsWith("qemu-system"), "QEMU sampled before each guest stopped");
        foreach (var line in ProfileTables.CpuLines(p)) TestContext.Progress.WriteLine(line);
    }

    private sealed class Quiet : IRunObserver;
}

using NUnit.Framework;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Tests.Exporters.Html;

namespace ProbeHarness.Tests.Browser;

/// <summary>The HTML report in a real headless Chromium: it renders, its plots are drawn, nothing a console printed runs.</summary>
[Category("Browser")]
[NonParallelizable]
public class HtmlReportBrowserTests
{
    private Chromium _browser = null!;
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _browser = await Chromium.StartAsync();
        _dir = Path.Combine(Path.GetTempPath(), $"ph-browser-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _browser.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [SetUp]
    public void Clear() => _browser.Errors.Clear();

    private string Write(string name, string html)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, html);
        return path;
    }

    [Test]
    public async Task The_hostile_sample_report_renders_with_plots_and_stays_inert()
    {
        var (html, plots) = HtmlReportPage.Render(HostileRun.Input, File.ReadAllText(Resources.PathOf("reports", "report.css")));
        var page = Write("report.html", html);
        await ReportPage.AssertRendersInertAsync(_browser, page, plots.Count);
        var text = (await _browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.That(text, Does.Contain($"<script>{HostileRun.Payload}</script>"), "the console's text is shown as it was printed");
        var shot = await _browser.ScreenshotAsync();
        Assert.That(shot.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        await File.WriteAllBytesAsync(Path.Combine(TestContext.CurrentContext.WorkDirectory, "sample-report.png"), shot);
    }

    // The checks must be able to fail: the same page without escaping lets the payload run.

    [Test]
    public async Task A_live_script_is_seen()
    {
        var page = Write("live.html", $"<!DOCTYPE html><html><head><title>t</title></head><body><pre>{HostileRun.Attacks[0]}</pre></body></html>");
        await _browser.OpenAsync(page);
        Assert.That((await _browser.EvaluateAsync("document.title"))!.GetValue<string>(), Is.EqualTo("pwned"));
        Assert.That((await _browser.EvaluateAsync("document.getElementById('pwned') !== null"))!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task A_script_error_and_a_refused_script_are_seen()
    {
        var page = Write("broken.html", "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\"></head>" +
            "<body><p>x</p><img src=x onerror=\"nosuchfunction()\"><script>nosuchfunction()</script></body></html>");
        await _browser.OpenAsync(page);
        await _browser.EvaluateAsync("1");
        Assert.That(_browser.Errors, Is.Not.Empty);
        _browser.Errors.Clear();
        var unprotected = Write("throws.html", "<!DOCTYPE html><html><body><script>nosuchfunction()</script></body></html>");
        await _browser.OpenAsync(unprotected);
        await _browser.EvaluateAsync("1");
        Assert.That(_browser.Errors, Has.Some.Contains("nosuchfunction"));
    }
}

using NUnit.Framework;

namespace ProbeHarness.Tests.Browser;

/// <summary>What the browser tests check on any report page, sample or real.</summary>
internal static class ReportPage
{
    /// <summary>Opens the page and asserts: no console error or exception, the plots drawn, no injected script alive.</summary>
    public static async Task AssertRendersInertAsync(Chromium browser, string html, int minPlots)
    {
        await browser.OpenAsync(html);
        var title = (await browser.EvaluateAsync("document.title"))!.GetValue<string>();
        var plots = (await browser.EvaluateAsync("document.querySelectorAll('svg.plot').length"))!.GetValue<int>();
        var drawn = (await browser.EvaluateAsync(
            "[...document.querySelectorAll('svg.plot')].filter(s => s.getBoundingClientRect().width > 100 && s.querySelectorAll('circle').length > 0).length"))!.GetValue<int>();
        var scripts = (await browser.EvaluateAsync("document.scripts.length"))!.GetValue<int>();
        var pwned = (await browser.EvaluateAsync("document.getElementById('pwned') !== null"))!.GetValue<bool>();
        var handlers = (await browser.EvaluateAsync(
            "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"))!.GetValue<int>();
        var visible = (await browser.EvaluateAsync("getComputedStyle(document.body).display"))!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(browser.Errors, Is.Empty, "console errors, exceptions or refused content");
            Assert.That(title, Does.Not.Contain("pwned"));
            Assert.That(pwned, Is.False, "an injected script added its element");
            Assert.That(scripts, Is.Zero, "the page has no script, and no console text became one");
            Assert.That(handlers, Is.Zero, "no element carries an event handler");
            Assert.That(visible, Is.Not.EqualTo("none"), "an injected stylesheet hid the page");
            Assert.That(plots, Is.GreaterThanOrEqualTo(minPlots), "plots present");
            Assert.That(drawn, Is.EqualTo(plots), "every plot laid out with its points");
        });
    }
}

using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class ParserSpeedTest
{
    /// <summary>
    /// Prints the parser's throughput over the corpus repeated to ~20 MB. The floor is far below
    /// what it measures so a busy shared machine does not fail it; a regression to quadratic
    /// behaviour would.
    /// </summary>
    [Test]
    public void ParsesTheCorpusFasterThanAConsoleCanPrint()
    {
        var corpus = string.Join('\n', Corpus.Cases().Select(c => c.Log));
        var text = string.Concat(Enumerable.Repeat(corpus + "\n", Math.Max(1, 20_000_000 / corpus.Length)));
        ConsoleTriage.Parse(corpus);
        var sw = Stopwatch.StartNew();
        var reports = ConsoleTriage.Parse(text, "x86_64");
        sw.Stop();
        var mbPerSecond = text.Length / 1e6 / sw.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"parsed {text.Length / 1e6:0.0} MB, {reports.Count} reports, in {sw.Elapsed.TotalSeconds:0.00} s: {mbPerSecond:0.0} MB/s");
        Assert.That(mbPerSecond, Is.GreaterThan(1.0));
    }
}

using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class ConsoleMonitorTests
{
    public static IEnumerable<TestCaseData> Logs() =>
        Corpus.Cases().Where(c => c.Title.Length > 0).Select(c => new TestCaseData(c).SetName($"Streamed({c})"));

    [TestCaseSource(nameof(Logs))]
    public void StreamingInOddChunksFindsWhatAWholeParseFinds(CorpusCase c)
    {
        var whole = ConsoleTriage.Parse(c.Log, c.Arch);
        var monitor = new ConsoleMonitor(c.Arch);
        var rng = new Random(c.Name.Length);
        for (var i = 0; i < c.Log.Length;)
        {
            var n = Math.Min(rng.Next(1, 300), c.Log.Length - i);
            monitor.Feed(c.Log.Substring(i, n));
            i += n;
        }
        Assert.That(monitor.TroubleSeen, Is.True);
        monitor.Complete();
        Assert.That(monitor.All.Select(r => (r.Title, r.Corrupted, r.StartLine)),
            Is.EqualTo(whole.Select(r => (r.Title, r.Corrupted, r.StartLine))));
    }

    [Test]
    public void HeaderSplitAcrossChunksIsSeen()
    {
        var monitor = new ConsoleMonitor();
        monitor.Feed("[    1.0] booting\n[    2.0] BUG: kernel NULL poi");
        Assert.That(monitor.TroubleSeen, Is.False);
        monitor.Feed("nter dereference, address: 0000000000000000\n");
        Assert.That(monitor.TroubleSeen, Is.True);
        Assert.That(monitor.First!.Title, Does.StartWith("BUG: unable to handle kernel NULL pointer dereference"));
    }

    [Test]
    public void ContextBeforeTheReportIsBounded()
    {
        var monitor = new ConsoleMonitor();
        for (var i = 0; i < 100_000; i++) monitor.Feed($"[ {i}.0] chatter line {i}\n");
        monitor.Feed("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n");
        monitor.Complete();
        var r = monitor.All.Single();
        Assert.That(r.Title, Is.EqualTo("kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)"));
        Assert.That(r.StartLine, Is.EqualTo(100_001));
        Assert.That(r.Excerpt.Length, Is.LessThanOrEqualTo(ReportScanner.ContextChars + 200));
    }
}

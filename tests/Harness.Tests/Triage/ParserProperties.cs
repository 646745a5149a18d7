using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class ParserProperties
{
    // Catches a runaway (catastrophic backtracking is unbounded), not slowness: the parser runs at tens
    // of MB/s and these inputs are KB, so even a shared 2-core machine under heavy load stays far below.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public bool NeverThrowsOrHangsOnArbitraryStrings(string text) => ParsesInTime(text ?? "");

    [FsCheck.NUnit.Property(MaxTest = 300)]
    public bool NeverThrowsOrHangsOnArbitraryBytes(byte[] bytes) =>
        ParsesInTime(Encoding.UTF8.GetString(bytes ?? [])) && ParsesInTime(Encoding.Latin1.GetString(bytes ?? []));

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool NeverThrowsOnMangledRealReports(int seed)
    {
        // Random cuts and line swaps of a real report reach the states random strings never do.
        var rng = new Random(seed);
        var lines = Corpus.Cases().First(c => c.Arch == "x86_64" && c.Name == "softlockup").Log.Split('\n').ToList();
        for (var i = 0; i < 20; i++)
        {
            var a = rng.Next(lines.Count);
            var b = rng.Next(lines.Count);
            (lines[a], lines[b]) = (lines[b], lines[a]);
        }
        var text = string.Join('\n', lines.Take(rng.Next(lines.Count)));
        return ParsesInTime(text) && ParsesInTime(text[..rng.Next(text.Length + 1)]);
    }

    [Test]
    public void ReportSplicedIntoNoiseKeepsItsTitle()
    {
        var crashes = Corpus.Cases().Where(c => c.Title.Length > 0 && !c.Corrupted).ToList();
        var noise = ArbMap.Default.GeneratorFor<string>()
            .Select(s => (s ?? "").Replace('\n', ' ').Replace('\r', ' '))
            .ListOf();
        var gen = from c in Gen.Elements(crashes.ToArray())
                  from before in noise
                  from after in noise
                  select (c, before, after);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (c, before, after) = t;
            var text = string.Join('\n', before) + "\n" + c.Log + "\n" + string.Join('\n', after);
            var reports = ConsoleTriage.Parse(text, c.Arch);
            return reports.Count > 0 && reports[0].Title == c.Title;
        }).QuickCheckThrowOnFailure();
    }

    private static bool ParsesInTime(string text)
    {
        var sw = Stopwatch.StartNew();
        ConsoleTriage.Parse(text);
        var monitor = new ConsoleMonitor();
        for (var i = 0; i < text.Length; i += 7) monitor.Feed(text.Substring(i, Math.Min(7, text.Length - i)));
        monitor.Complete();
        return sw.Elapsed < Budget;
    }
}

using System.Diagnostics;
using ProbeHarness.Statistics;
using ProbeHarness.Triage;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// Parser throughput over real console logs: the corpus joined and repeated to a fixed size, parsed
/// whole (<see cref="ConsoleTriage.Parse"/>) and fed to a <see cref="ConsoleMonitor"/> in chunks the
/// size a serial console delivers. Each repetition is timed separately after a warm-up, so the
/// figures are medians with their spread, not one lucky run.
/// </summary>
public static class TriageBenchmark
{
    public sealed record Series(string Name, IReadOnlyList<double> MegabytesPerSecond, int Reports)
    {
        public double Median => Stats.Median(MegabytesPerSecond);
        public double Min => MegabytesPerSecond.Min();
        public double Max => MegabytesPerSecond.Max();
    }

    public sealed record Figures(long Chars, double Megabytes, int Logs, IReadOnlyList<Series> Series);

    /// <summary>The corpus's console text (each log's header removed), from every *.log under <paramref name="dir"/>.</summary>
    public static IReadOnlyList<string> LoadCorpus(string dir) =>
        Directory.EnumerateFiles(dir, "*.log", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Select(t => t.IndexOf("\n\n", StringComparison.Ordinal) is var i and >= 0 ? t[(i + 2)..] : t)
            .ToList();

    public static Figures Run(IReadOnlyList<string> logs, int megabytes, int repetitions, int chunk, Action<string> report)
    {
        if (logs.Count == 0) throw new ArgumentException("no console logs to parse");
        var one = string.Join('\n', logs) + "\n";
        var text = string.Concat(Enumerable.Repeat(one, Math.Max(1, (int)Math.Ceiling(megabytes * 1e6 / one.Length))));
        var mb = text.Length / 1e6;
        (string Name, Func<int> Parse)[] kinds =
        [
            ("whole-log parse", () => ConsoleTriage.Parse(text).Count),
            ("whole-log parse, --arch x86_64", () => ConsoleTriage.Parse(text, "x86_64").Count),
            ($"streaming monitor, {chunk} B chunks", () => Stream(text, chunk)),
        ];
        // Warm-up: JIT, regex compilation, tiered compilation's second pass.
        foreach (var k in kinds) k.Parse();
        var series = new List<Series>();
        foreach (var (name, parse) in kinds)
        {
            var rates = new List<double>();
            var reports = 0;
            for (var i = 0; i < repetitions; i++)
            {
                var sw = Stopwatch.StartNew();
                reports = parse();
                sw.Stop();
                rates.Add(mb / sw.Elapsed.TotalSeconds);
                report($"{name}: repetition {i + 1}/{repetitions}: {rates[^1]:0.0} MB/s");
            }
            series.Add(new Series(name, rates, reports));
        }
        return new Figures(text.Length, mb, logs.Count, series);
    }

    private static int Stream(string text, int chunk)
    {
        var monitor = new ConsoleMonitor();
        for (var i = 0; i < text.Length; i += chunk)
            monitor.Feed(text.Substring(i, Math.Min(chunk, text.Length - i)));
        monitor.Complete();
        return monitor.All.Count;
    }
}

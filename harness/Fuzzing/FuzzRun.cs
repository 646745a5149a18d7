using System.Collections.Concurrent;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace ProbeHarness.Fuzzing;

/// <summary>One translator fuzz campaign's settings. Script i of a seed is always the same script.</summary>
/// <param name="MaxScripts">Stop after this many scripts as well as at the duration (a reproducible campaign: the same seed, the same scripts).</param>
public sealed record FuzzOptions(TimeSpan Duration, ulong Seed, int Jobs, int Pass = 3, bool Guru = false, int MinimizeBudget = 60,
    int Size = 30, TimeSpan? Timeout = null, long? MaxScripts = null)
{
    public TimeSpan ScriptTimeout => Timeout ?? TimeSpan.FromMinutes(2);
}

/// <summary>What a campaign did: scripts, how far each got, why the others stopped, what it found.</summary>
public sealed class FuzzReport
{
    public int Scripts;
    public TimeSpan Elapsed;
    public readonly ConcurrentDictionary<int, int> ByPass = new();
    public readonly ConcurrentDictionary<string, int> ByKind = new();
    public readonly ConcurrentDictionary<string, int> Refusals = new();
    public readonly ConcurrentBag<FuzzFinding> Findings = new();
    public readonly ConcurrentBag<string> Known = new();
    public readonly ConcurrentBag<string> GeneratorBugs = new();

    public double PerSecond => Elapsed.TotalSeconds > 0 ? Scripts / Elapsed.TotalSeconds : 0;

    /// <summary>Share of scripts that finished pass <paramref name="pass"/> or later.</summary>
    public double Reached(int pass) => Scripts == 0 ? 0 : ByPass.Where(kv => kv.Key >= pass).Sum(kv => kv.Value) / (double)Scripts;
}

/// <summary>
/// A translator fuzz campaign from start to end: generate script i of the seed, run it through the
/// oracle (stap to pass 3 on the host, through the shim), count how far it got; a crash or a hang with
/// a signature not yet in the findings is minimized (delta debugging on the tree, keeping the
/// signature) and stored with its reproducer; a parse error on a generated script is the generator's
/// bug and is kept for the report. Jobs run scripts side by side until the duration is spent.
/// </summary>
public sealed class FuzzRun(FuzzOptions options, ScriptGenerator generator, FuzzFindings findings,
    Func<StapScript, string, CancellationToken, Task<(TranslatorOutcome Outcome, string Stderr)>> oracle,
    Func<StapScript, IReadOnlyList<string>> command, Func<TranslatorOutcome, Comparing.Finding> describe)
{
    private readonly ConcurrentDictionary<string, byte> _signatures = new();

    /// <summary>Script number <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static StapScript Generate(ScriptGenerator generator, ulong seed, long index, int size) =>
        generator.Script.Sample(size, new Rnd(Mix(seed, (ulong)index)), 1).First();

    private static ulong Mix(ulong seed, ulong index)
    {
        var z = seed * 0x9E3779B97F4A7C15UL + index + 1;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public async Task<FuzzReport> RunAsync(Action<FuzzReport> progress, CancellationToken ct)
    {
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();
        long next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(options.Duration);
        async Task Worker()
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= options.MaxScripts) break;
                var script = Generate(generator, options.Seed, i, options.Size);
                (TranslatorOutcome Outcome, string Stderr) r;
                try { r = await oracle(script, $"s{i}", stop.Token); }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested) { break; }
                // A script still running when the duration ran out was stopped by the campaign itself:
                // its signal or cut-off output is ours, not the translator's, so it is neither counted nor judged.
                if (stop.IsCancellationRequested) break;
                Count(report, r.Outcome, i, script);
                if (r.Outcome.IsFinding) await FoundAsync(report, script, r.Outcome, r.Stderr, ct);
                report.Elapsed = clock.Elapsed;
                progress(report);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Jobs)).Select(_ => Task.Run(Worker, ct)));
        report.Elapsed = clock.Elapsed;
        return report;
    }

    private static void Count(FuzzReport report, TranslatorOutcome o, long i, StapScript script)
    {
        Interlocked.Increment(ref report.Scripts);
        report.ByPass.AddOrUpdate(o.Pass, 1, (_, n) => n + 1);
        report.ByKind.AddOrUpdate(o.Kind, 1, (_, n) => n + 1);
        if (o.Kind is "parse-error" or "semantic-error" or "error") report.Refusals.AddOrUpdate(o.Signature, 1, (_, n) => n + 1);
        if (o.Kind == "parse-error" && report.GeneratorBugs.Count < 20) report.GeneratorBugs.Add($"# script {i}: {o.Signature}\n{StapPrinter.Print(script)}");
    }

    private async Task FoundAsync(FuzzReport report, StapScript script, TranslatorOutcome outcome, string stderr, CancellationToken ct)
    {
        if (!_signatures.TryAdd(outcome.Signature, 0)) return;
        if (findings.Known(outcome.Signature)) { report.Known.Add(outcome.Signature); return; }
        var (small, checks) = await Minimizer.MinimizeAsync(script, async (s, c) =>
        {
            var again = await oracle(s, $"min-{Guid.NewGuid():N}", c);
            return again.Outcome.Signature == outcome.Signature;
        }, options.MinimizeBudget, ct);
        var last = await oracle(small, $"min-{Guid.NewGuid():N}", ct);
        var found = new FuzzFinding(describe(last.Outcome.Signature == outcome.Signature ? last.Outcome : outcome), small, script, command(small),
            last.Outcome.Signature == outcome.Signature ? last.Stderr : stderr, checks);
        findings.Store(found);
        report.Findings.Add(found);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// Runs a SystemTap tree's pass directories on the host, in parallel, unchanged: "#! stap -pN"
/// files through the stap shim with their own arguments, "#! /bin/sh" files with the shim first
/// on their PATH, both without the capability to load modules. Passes 1-4 never need a guest.
/// </summary>
public sealed class PassDirectoryRunner(HostCommand commands, int jobs, TimeSpan timeout)
{
    public async Task<IReadOnlyList<(PassTest Test, TestState State, Culprit Culprit, string? Reason, TimeSpan Took, string Log)>> RunAsync(
        IReadOnlyList<PassTest> tests, Action<PassTest, TestState>? finished, CancellationToken ct)
    {
        var done = new ConcurrentDictionary<PassTest, (TestState, Culprit, string?, TimeSpan, string)>();
        // stap generates its per-kernel configuration header on the first pass-4 build into its cache;
        // parallel builds on a cold cache would each generate it at once (ExamplesRunner does the same).
        if (jobs > 1 && tests.Count(t => t.Pass >= 4) > 1)
            await (commands with { Memory = null }).RunAsync(commands.Stap, ["-p4", "-e", "probe begin { exit() }"],
                commands.ShimDirectory, timeout * 2, ct);
        await Parallel.ForEachAsync(tests, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct }, async (t, c) =>
        {
            var sw = Stopwatch.StartNew();
            var dir = Path.GetDirectoryName(t.File)!;
            var r = t.Command switch
            {
                PassTestCommand.Stap s => await commands.RunAsync(commands.Stap, [.. s.Arguments, t.File], dir, timeout, c),
                PassTestCommand.Script s => await commands.RunAsync(s.Interpreter, [t.File], dir, timeout, c),
                _ => throw new InvalidOperationException(),
            };
            var (state, culprit, reason) = PassTestJudge.Decide(t, r.ExitCode, r.Stderr, r.TimedOut, timeout);
            done[t] = (state, culprit, reason, sw.Elapsed, $"$ {r.Command}\n{r.Stdout}{r.Stderr}");
            finished?.Invoke(t, state);
        });
        return tests.Select(t => { var (s, cu, re, took, log) = done[t]; return (t, s, cu, re, took, log); }).ToList();
    }
}

using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// Test by test and cell by cell: new failures, fixes, state changes, expired KFAILs, tests not
/// run; a would-be regression or fix of a flaky test is reported as flaky.
/// </summary>
public sealed class StateAnalyser : IRegressionAnalyser
{
    public IEnumerable<Finding> Analyse(Comparison c)
    {
        var b = c.Base.ByKey;
        var n = c.Candidate.ByKey;
        foreach (var key in b.Keys.Union(n.Keys))
        {
            var was = b.GetValueOrDefault(key);
            var now = n.GetValueOrDefault(key);
            if (StateTransition.Classify(was?.Result.State, now?.Result.State) is not { } change) continue;
            var (kind, severity) = change;
            var flips = 0;
            if (severity is Severity.Regression or Severity.Improvement && was is not null
                && FlakyRule.IsFlaky(c.StatesOf(key)))
            {
                flips = FlakyRule.CountFlips(c.StatesOf(key));
                severity = Severity.Flaky;
            }
            var shown = now ?? was!;
            var summary = $"{key}: {Word(was)} -> {Word(now)}"
                          + (flips > 0 ? $" (flaky: {flips} state changes in its last {FlakyRule.Window} runs)" : "")
                          + (now?.Result.Reason is { } why && severity != Severity.Improvement ? $": {Text.UntrustedText.OneLine(why, 160)}" : "");
            yield return new Finding(kind, severity, $"{kind}:{key}",
                severity == Severity.Improvement ? was!.Result.Culprit : shown.Result.Culprit, summary, Reproducer.Of(shown),
                new FindingPlace(key.Suite, key.Test, key.Arch, key.Engine, was?.Result.Cell.Kernel, now?.Result.Cell.Kernel,
                    was?.Result.State.DejaGnuWord(), now?.Result.State.DejaGnuWord()));
        }
    }

    private static string Word(RunResult? r) => r?.Result.State.DejaGnuWord() ?? "(not run)";
}

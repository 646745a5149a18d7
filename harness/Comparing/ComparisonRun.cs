using ProbeHarness.Results;

namespace ProbeHarness.Comparing;

/// <summary>
/// A comparison, start to end: resolve the candidate, then the baseline before it; run every
/// analyser; gate; write compare.md and compare.json. Analysers are plug-ins returning findings.
/// </summary>
public sealed class ComparisonRun(IResultStore store, IRegressionAnalyser? analysers = null)
{
    /// <summary>What every comparison looks at: states, crashes, overhead measurements, probe-point coverage.</summary>
    public static IRegressionAnalyser Standard() =>
        new CompositeAnalyser([new StateAnalyser(), new CrashAnalyser(), new OverheadAnalyser(), new CoverageAnalyser()]);

    private readonly IRegressionAnalyser _analysers = analysers ?? Standard();

    /// <summary>Compares; never throws for a comparison that cannot be made, but reports it with exit 2.</summary>
    public ComparisonReport Execute(string baseOperand, string candidateOperand, string? outDirectory, string? note = null)
    {
        var history = new History(store);
        ComparisonReport report;
        try
        {
            var candidate = SideSelector.Resolve(history, candidateOperand);
            var baseline = SideSelector.Resolve(history, baseOperand, candidate);
            var findings = _analysers.Analyse(new Comparison(baseline, candidate, history)).ToList();
            if (candidate.Results.Count == 0)
                findings.Add(new Finding("empty", Severity.Unjudged, "empty-candidate", Verdicts.Culprit.Infrastructure, "the candidate holds no results"));
            var exit = ComparisonGate.ExitCode(findings);
            report = new ComparisonReport(ComparisonReport.CurrentFormat, Describe(baseline), Describe(candidate), exit,
                ComparisonGate.Word(exit), Count(findings), findings, note);
        }
        catch (ComparisonException e)
        {
            report = new ComparisonReport(ComparisonReport.CurrentFormat, new ComparedSide(baseOperand, [], []),
                new ComparedSide(candidateOperand, [], []), ComparisonGate.CouldNotCompare,
                ComparisonGate.Word(ComparisonGate.CouldNotCompare), Count([]), [], note is null ? e.Message : $"{note}; {e.Message}");
        }
        if (outDirectory is not null) Write(report, outDirectory);
        return report;
    }

    /// <summary>compare.json, compare.md, and the HTML page of the comparison (<see cref="ComparisonPage"/>).</summary>
    public void Write(ComparisonReport report, string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "compare.json"), report.ToJson());
        File.WriteAllText(Path.Combine(dir, "compare.md"), ComparisonMarkdown.Of(report));
        ComparisonPage.Write(store, report, dir);
    }

    private static ComparedSide Describe(Side side) =>
        new(side.Label, side.Runs.Select(r => r.Id).ToList(), side.Results.Select(r => r.Result.Cell.Kernel).Distinct().Order().ToList());

    private static IReadOnlyDictionary<string, int> Count(IEnumerable<Finding> findings) =>
        Enum.GetValues<Severity>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => findings.Count(f => f.Severity == s));
}

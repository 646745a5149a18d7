using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// Turns what the user wrote for a side into runs of the history: a run id (or a unique prefix of
/// one; a matrix or night stands for its member runs), "latest", "last-good" (the newest earlier
/// run of the same kind that gated 0), or "kernel:SPAN" (the newest result of each test on the
/// kernels of the span, from any run).
/// </summary>
public static class SideSelector
{
    public const string LastGood = "last-good";
    public const string Latest = "latest";
    public const string KernelPrefix = "kernel:";

    /// <param name="other">The candidate, when this is the baseline: last-good and latest look before it and never at it.</param>
    public static Side Resolve(History history, string operand, Side? other = null)
    {
        if (operand.StartsWith(KernelPrefix, StringComparison.Ordinal))
            return OfKernels(history, KernelSpan.Parse(operand[KernelPrefix.Length..]), operand);
        var run = operand switch
        {
            LastGood => LastGoodBefore(history, other),
            Latest => history.TopLevel.Where(r => other is null || !other.Runs.Any(o => o.Id == r.Id))
                          .LastOrDefault(r => other is null || r.Started <= other.Newest)
                      ?? throw new ComparisonException(other is null ? "the history holds no runs" : "no run before the candidate"),
            _ => ById(history, operand),
        };
        return Side.Of(operand == run.Id ? run.Id : $"{operand} ({run.Id})", history.Expand(run), history);
    }

    private static RunInfo ById(History history, string id)
    {
        var exact = history.Runs.FirstOrDefault(r => r.Id == id);
        if (exact is not null) return exact;
        var prefixed = history.Runs.Where(r => r.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
        return prefixed.Count switch
        {
            1 => prefixed[0],
            0 => throw new ComparisonException($"no run '{id}' in the history (nor 'latest', 'last-good', 'kernel:SPAN')"),
            _ => throw new ComparisonException($"'{id}' names {prefixed.Count} runs: {string.Join(", ", prefixed.Take(5).Select(r => r.Id))}"),
        };
    }

    /// <summary>
    /// The newest run before the candidate, of the same kind (a night of the same matrix, or a
    /// plain run of the same suite), that finished with gate 0.
    /// </summary>
    private static RunInfo LastGoodBefore(History history, Side? candidate)
    {
        if (candidate is null) throw new ComparisonException("last-good is a baseline: it is the last good run before a candidate");
        var candidateIds = candidate.Runs.Select(r => r.Id).ToHashSet();
        var kind = KindOf(history, candidate);
        var good = history.TopLevel
            .Where(r => !candidateIds.Contains(r.Id) && r.Started <= candidate.Newest)
            .Where(r => KindOf(history, r) == kind && history.EndOf(r.Id)?.ExitCode == 0)
            .LastOrDefault();
        return good ?? throw new ComparisonException($"no good run ({kind}, gate 0) before the candidate in the history");
    }

    private static string KindOf(History history, Side side)
    {
        var top = side.Runs.Select(r => history.Sets.FirstOrDefault(s => s.Members.Contains(r.Id))).FirstOrDefault();
        return top is not null ? $"{top.Kind} {top.Name}" : side.Runs.Count == 0 ? "" : KindOf(history, side.Runs[0]);
    }

    private static string KindOf(History history, RunInfo run) =>
        history.SetOf(run.Id) is { } set ? $"{set.Kind} {set.Name}" : $"run {run.Suite}";

    private static Side OfKernels(History history, KernelSpan span, string label)
    {
        var picked = history.All().Where(r => span.Contains(r.Result.Cell.Kernel))
            .GroupBy(r => r.Key).Select(g => g.Last()).ToList();
        if (picked.Count == 0) throw new ComparisonException($"no results on kernels {span} in the history");
        var runs = picked.Select(r => r.Run).DistinctBy(r => r.Id).OrderBy(r => r.Started).ToList();
        return new Side(label, runs, picked);
    }
}

using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// Overhead measurements (ns per probe hit) of the same quantity, architecture, engine and
/// kernel line on both sides, judged by <see cref="OverheadTest"/>: a significant slowdown is a
/// regression of the probe engine's path (kprobes, ftrace, the handler).
/// </summary>
public sealed class OverheadAnalyser(OverheadTest? test = null) : IRegressionAnalyser
{
    private readonly OverheadTest _test = test ?? new OverheadTest();

    public IEnumerable<Finding> Analyse(Comparison c)
    {
        var before = Of(c.History, c.Base);
        var after = Of(c.History, c.Candidate);
        foreach (var (key, now) in after)
        {
            if (!before.TryGetValue(key, out var was)) continue;
            var v = _test.Judge(was.Samples, now.Samples);
            var what = $"{key.Name} [{key.Arch}/{key.Line}/{key.Engine}]: median {Statistics.Stats.Median(was.Samples):0.#} -> {Statistics.Stats.Median(now.Samples):0.#} {now.Unit} "
                       + $"(x{v.Ratio:0.000}, Mann-Whitney p={(v.Worse || !v.Better ? v.PWorse : v.PBetter):0.####}, {was.Samples.Count}/{now.Samples.Count} samples)";
            var place = new FindingPlace("overhead", key.Name, key.Arch, key.Engine, was.Cell.Kernel, now.Cell.Kernel, null, null);
            // Under emulation the wall clock follows the host's load: where both sides also counted
            // instructions (-icount), that figure is judged and the wall clock's change is only shown.
            var counted = key with { Name = key.Name + IcountSuffix };
            if (!key.Name.EndsWith(IcountSuffix, StringComparison.Ordinal) && before.ContainsKey(counted) && after.ContainsKey(counted))
            {
                if (v.Worse || v.Better)
                    yield return new Finding("overhead-wall-clock", Severity.Info, $"overhead:{key}", Culprit.None,
                        what + $"; not judged: the -icount figure of the same probe is", null, place);
                continue;
            }
            if (v.Worse)
                yield return new Finding("overhead-up", Severity.Regression, $"overhead:{key}", Culprit.ProbeEngine, what, null, place);
            else if (v.Better)
                yield return new Finding("overhead-down", Severity.Improvement, $"overhead:{key}", Culprit.None, what, null, place);
        }
    }

    /// <summary>The name suffix of a measurement counted in instructions (the nightly's and bench overhead's `NAME icount`).</summary>
    public const string IcountSuffix = " icount";

    private sealed record Key(string Name, string Arch, string Engine, string Line)
    {
        public override string ToString() => $"{Name}/{Arch}/{Line}/{Engine}";
    }

    private static Dictionary<Key, Measurement> Of(History history, Side side)
    {
        var found = new Dictionary<Key, Measurement>();
        // A night records its measurements on the night itself, not on its members: look at both.
        var ids = side.Runs.Select(r => r.Id).Concat(history.SetsHolding(side)).Distinct();
        foreach (var m in ids.SelectMany(id => Measurements.Of(history.Store, id)))
            found[new Key(m.Name, m.Cell.Arch, TestKey.EngineFamily(m.Cell.Engine), KernelLine.Of(m.Cell.Kernel))] = m;
        return found;
    }
}

namespace ProbeHarness.Comparing;

/// <summary>One way of finding what got worse or better between two sides (states, crashes, overhead...).</summary>
public interface IRegressionAnalyser
{
    IEnumerable<Finding> Analyse(Comparison comparison);
}

/// <summary>Several analysers as one, their findings worst first.</summary>
public sealed class CompositeAnalyser(IReadOnlyList<IRegressionAnalyser> analysers) : IRegressionAnalyser
{
    public IEnumerable<Finding> Analyse(Comparison comparison) =>
        analysers.SelectMany(a => a.Analyse(comparison)).OrderBy(f => f.Severity).ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Signature, StringComparer.Ordinal).ToList();
}

namespace ProbeHarness.Exporters;

/// <summary>
/// Writes &lt;suite&gt;.sum as runtest would: one line per test, then the summary counts, so the
/// existing DejaGnu tooling (compare_tests, dg-extract-results, jv) reads our runs unchanged.
/// </summary>
public sealed class DejaGnuSumExporter(DejaGnuOptions? options = null) : DejaGnuExporter(options)
{
    public override string Name => "dejagnu-sum";

    protected override string Extension => ".sum";
}

using System.Text.Json;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// Probe overhead measured in a run (ns added per hit, mean and 95% bootstrap interval), as
/// `bench overhead` computes it; read from <c>overhead.json</c> in the run directory when present.
/// </summary>
public sealed record OverheadFigures(string Cell, string Accelerator, IReadOnlyList<Interval> NsPerHit)
{
    public const string FileName = "overhead.json";

    public static IReadOnlyList<OverheadFigures> Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<OverheadFigures>>(File.ReadAllText(path), ComparisonSummary.Json) ?? [] : [];
}

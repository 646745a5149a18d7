using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// What the HTML report needs from a comparison of two runs (`compare --json` fills it): the
/// findings, worst first, and coverage deltas where coverage was measured. Read from
/// <c>comparison.json</c> in the run directory or from `report RUN --html --comparison FILE`.
/// The shape is documented in reports/README.md.
/// </summary>
public sealed record ComparisonSummary(
    string BaseRun,
    string HeadRun,
    IReadOnlyList<ComparisonFinding> Findings,
    IReadOnlyList<CoverageDelta>? Coverage = null)
{
    public const string FileName = "comparison.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static ComparisonSummary? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<ComparisonSummary>(File.ReadAllText(path), Json) : null;
}

/// <summary>
/// One difference between the base and the head run: a test whose state changed, a new crash, an
/// overhead that grew. <paramref name="Severity"/> orders them (High first); <paramref name="Kind"/>
/// says what changed ("new-failure", "new-crash", "fixed", "overhead", "coverage-drop", ...).
/// </summary>
public sealed record ComparisonFinding(
    string Kind,
    FindingSeverity Severity,
    string Test,
    string Cell,
    string? Before,
    string? After,
    string? Detail = null);

public enum FindingSeverity { High, Medium, Low, Info }

/// <summary>Coverage of one area (e.g. functions hit by a suite in one cell), before and after, as fractions or counts.</summary>
public sealed record CoverageDelta(string Cell, string Area, double Before, double After, string Unit = "functions hit");

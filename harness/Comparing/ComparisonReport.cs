using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProbeHarness.Comparing;

/// <summary>
/// The outcome of a comparison as data: the shape `compare --json` prints and compare.json holds,
/// for the report pages. Stable: fields are only ever added; <see cref="Format"/> changes if one
/// has to change meaning.
/// </summary>
public sealed record ComparisonReport(
    int Format,
    ComparedSide Base,
    ComparedSide Candidate,
    int ExitCode,
    string Gate,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<Finding> Findings,
    string? Note)
{
    public const int CurrentFormat = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Readable '>' and quotes in summaries; the pages that read this escape what they show.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ComparisonReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonReport>(json, Json) ?? throw new FormatException("empty comparison report");
}

/// <summary>A side as asked for (label) and the runs it came to.</summary>
public sealed record ComparedSide(string Label, IReadOnlyList<string> Runs, IReadOnlyList<string> Kernels);

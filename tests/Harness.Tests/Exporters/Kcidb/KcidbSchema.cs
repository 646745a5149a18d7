using System.Text.Json.Nodes;
using Json.Schema;

namespace ProbeHarness.Tests.Exporters.Kcidb;

/// <summary>The KCIDB schema subset the harness's kcidb.json must satisfy (I/O schema v5.3), with formats checked.</summary>
internal static class KcidbSchema
{
    public const int Major = 5, Minor = 3;

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFile(Path.Combine(Resources.Dir("tests"), "Harness.Tests", "Exporters", "Kcidb", $"kcidb-io-v{Major}.{Minor}.schema.json")));

    /// <summary>Every error with where it is, empty when the document validates.</summary>
    public static IReadOnlyList<string> Errors(JsonNode document)
    {
        var result = Schema.Value.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        return result.Details.Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProbeHarness.Triage;

/// <summary>
/// "harness triage FILE..." as a testable class: prints one line per report, or one JSON array.
/// Exit codes: 0 no report, 1 at least one report, 2 a file could not be read.
/// </summary>
public static class TriageCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static int Run(IReadOnlyList<string> files, bool json, TextWriter output, string? arch, string? systemMap)
    {
        if (arch is not null && Architectures.ArchTable.Find(arch) is null)
        {
            output.WriteLine($"triage: unknown architecture '{arch}'; known: {string.Join(", ", Architectures.ArchTable.All.Select(a => a.Name))}");
            return 2;
        }
        foreach (var f in files.Append(systemMap).OfType<string>())
        {
            if (!File.Exists(f))
            {
                output.WriteLine($"triage: {f}: no such file");
                return 2;
            }
        }
        var symbols = systemMap is null ? null : SymbolTable.Load(systemMap);
        var rows = new List<object>();
        var found = 0;
        foreach (var file in files)
        {
            var reports = ConsoleTriage.Parse(File.ReadAllText(file), arch, symbols);
            found += reports.Count;
            foreach (var r in reports)
            {
                if (json)
                    rows.Add(new { file, r.Title, r.Kind, r.Pattern, r.Culprit, r.Corrupted, r.Probe, r.StartLine, r.GuiltyFrame, r.LoadedProbeModules });
                else
                    output.WriteLine($"{file}: {r.Title} | type={r.Kind} culprit={r.Culprit} corrupted={(r.Corrupted ? "yes" : "no")}" +
                                     (r.Probe is null ? "" : $" probe={r.Probe}"));
            }
        }
        if (json) output.WriteLine(JsonSerializer.Serialize(rows, Json));
        return found > 0 ? 1 : 0;
    }
}

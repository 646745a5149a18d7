using ProbeHarness.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters.Kcidb;

/// <summary>
/// kcidb.json: the run in KernelCI's common report format (I/O schema v5.3). A kernel release is
/// a checkout, a kernel release on one architecture a build (a distribution's build: the harness
/// built none), each result a test with path probe_harness.SUITE.ENGINE.TEST, and each crash title
/// an issue with one incident per test that hit it.
/// </summary>
public sealed class KcidbExporter : IExporter
{
    public const string FileName = "kcidb.json";
    public const int SchemaMajor = 5, SchemaMinor = 3;
    /// <summary>The schema's limit on log_excerpt, in characters.</summary>
    public const int MaxExcerpt = 16384;

    public string Name => "kcidb";

    public void Export(RunReport report, string runDirectory) => File.WriteAllText(Path.Combine(runDirectory, FileName), Text(report));

    /// <summary>
    /// The file's text: indented JSON, newline at the end. Only what JSON requires is escaped (quotes,
    /// backslashes, control characters): the file is data, never embedded in HTML, so '+' and non-ASCII stay readable.
    /// </summary>
    public static string Text(RunReport report) =>
        Document(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    public static JsonObject Document(RunReport report)
    {
        var run = report.Info.Id;
        var started = report.Info.Started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'");
        string Checkout(Cell c) => KcidbIds.Id(run, c.Kernel);
        string Build(Cell c) => KcidbIds.Id(run, c.Arch, c.Kernel);
        string Test(TestResult r) => KcidbIds.Id(run, r.Cell.Arch, r.Cell.Kernel, r.Cell.Engine, r.Test);

        var checkouts = new JsonArray(report.Results.Select(r => r.Cell.Kernel).Distinct().Select(k => (JsonNode)new JsonObject
        {
            ["id"] = KcidbIds.Id(run, k),
            ["origin"] = KcidbIds.Origin,
            ["comment"] = T($"kernel {k}"),
            ["start_time"] = started,
            ["valid"] = true,
            ["misc"] = new JsonObject { ["kernel_release"] = k, ["run"] = run },
        }).ToArray());
        var builds = new JsonArray(report.Results.Select(r => r.Cell with { Engine = "" }).Distinct().Select(c => (JsonNode)new JsonObject
        {
            ["id"] = Build(c),
            ["checkout_id"] = Checkout(c),
            ["origin"] = KcidbIds.Origin,
            ["architecture"] = KcidbIds.Architecture(c.Arch),
            ["config_name"] = T(c.Kernel),
            ["comment"] = T($"{c.Kernel} for {c.Arch}, as its distribution built it"),
            ["start_time"] = started,
        }).ToArray());
        var tests = new JsonArray(report.Results.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = Test(r),
            ["build_id"] = Build(r.Cell),
            ["origin"] = KcidbIds.Origin,
            ["path"] = KcidbIds.Path(KcidbIds.Origin, r.Suite, r.Cell.Engine, r.Test),
            ["status"] = KcidbStatus.Of(r.State, r.Culprit),
            ["comment"] = UntrustedText.OneLine($"{r.State.DejaGnuWord()}: {r.Test}" + (r.Reason is null ? "" : $": {r.Reason}"), 500),
            ["log_excerpt"] = Excerpt(r.Crash?.Excerpt ?? r.Output),
            ["start_time"] = started,
            ["duration"] = Math.Round(r.Duration.TotalSeconds, 3),
            ["environment"] = new JsonObject { ["comment"] = T($"QEMU guest, {r.Cell.Arch}, probe engine {r.Cell.Engine}") },
            ["misc"] = new JsonObject
            {
                ["dejagnu_state"] = r.State.DejaGnuWord(),
                ["culprit"] = r.Culprit.ToString(),
                ["engine"] = r.Cell.Engine,
                ["suite"] = r.Suite,
            },
        }).ToArray());
        var crashed = report.Results.Where(r => r.Crash is not null).ToList();
        var issues = new JsonArray(CrashGroups.Group(crashed).Select(g => (JsonNode)new JsonObject
        {
            ["id"] = KcidbIds.Issue(g.Title),
            ["version"] = 0,
            ["origin"] = KcidbIds.Origin,
            ["report_subject"] = UntrustedText.OneLine(g.Title, 500),
            ["comment"] = UntrustedText.OneLine(g.Title.StartsWith(g.Crash.Kind, StringComparison.OrdinalIgnoreCase) ? g.Title : $"{g.Crash.Kind}: {g.Title}", 500),
            ["culprit"] = new JsonObject
            {
                ["code"] = g.Culprits.Contains(Culprit.Kernel) || g.Culprits.All(c => c == Culprit.None),
                ["tool"] = g.Culprits.Contains(Culprit.ProbeEngine),
                ["harness"] = g.Culprits.Any(c => c is Culprit.Harness or Culprit.Infrastructure),
            },
        }).ToArray());
        var incidents = new JsonArray(crashed.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = Test(r) + ":crash",
            ["origin"] = KcidbIds.Origin,
            ["issue_id"] = KcidbIds.Issue(r.Crash!.Title),
            ["issue_version"] = 0,
            ["build_id"] = Build(r.Cell),
            ["test_id"] = Test(r),
            ["present"] = true,
        }).ToArray());
        return new JsonObject
        {
            ["version"] = new JsonObject { ["major"] = SchemaMajor, ["minor"] = SchemaMinor },
            ["checkouts"] = checkouts,
            ["builds"] = builds,
            ["tests"] = tests,
            ["issues"] = issues,
            ["incidents"] = incidents,
        };
    }

    /// <summary>A one-line text property: no NULs or other controls, whatever a name held.</summary>
    private static string T(string s) => UntrustedText.OneLine(s, 500);

    /// <summary>Clean text (no NULs, no escapes), its last part when too long: a crash or an error shows at the end.</summary>
    private static string Excerpt(string? text)
    {
        var s = UntrustedText.Clean(text);
        return s.Length <= MaxExcerpt ? s : UntrustedText.Clean("…" + s[^(MaxExcerpt - 1)..]);
    }
}

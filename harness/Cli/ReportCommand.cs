using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness report [RUN-ID]`: writes a run's files again from the history database. Every result
/// is stored the moment it is judged, so a run whose harness died still gets its .sum and friends.
/// Without a run id it lists the runs.
/// </summary>
public sealed class ReportCommand(IAnsiConsole console, CliStreams streams) : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[RUN-ID]")]
        [Description("The run to export; absent: list the runs in the database.")]
        public string? RunId { get; init; }

        [CommandOption("--db <FILE>")]
        [Description(HistoryOption.Description)]
        public string? Database { get; init; }

        [CommandOption("--html")]
        [Description("Write only the HTML report (report.html and plots/*.dat), with trends from the history.")]
        public bool Html { get; init; }

        [CommandOption("--kcidb")]
        [Description("Write only kcidb.json (KernelCI's report format).")]
        public bool Kcidb { get; init; }

        [CommandOption("--comparison <FILE>")]
        [Description("With --html: a comparison (compare --json) whose findings head the report.")]
        public string? Comparison { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Where to write the files. Default: the run's own directory.")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is not null && File.Exists(Out)) return ValidationResult.Error($"--out {Out}: is a file, not a folder");
            var path = HistoryOption.PathOr(Database);
            // Reading only: a missing file is not made into an empty history.
            return IsServer(path) || File.Exists(path)
                ? ValidationResult.Success()
                : ValidationResult.Error($"--db: no history database at {path}");
        }
    }

    private static bool IsServer(string db) => db.Contains("://") || db.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var path = HistoryOption.PathOr(s.Database);
        using var store = ResultStores.Open(path);
        if (s.RunId is null)
        {
            var table = new Table().AddColumns("Run", "Suite", "Started", "Results", "Exit");
            foreach (var r in store.Runs())
                table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Suite), $"{r.Started:yyyy-MM-dd HH:mm}",
                    store.Results(r.Id).Count.ToString(), Markup.Escape(Ending(store.EndOf(r.Id))));
            console.Write(table);
            return 0;
        }
        var info = store.Runs().FirstOrDefault(r => r.Id == s.RunId);
        if (info is null)
        {
            streams.Error.WriteLine($"harness: error: no run '{s.RunId}' in {ResultStores.Redacted(path)}");
            return Gate.Unjudged;
        }
        var sharded = Sharding.ShardHistory.IsSharded(store, info.Id);
        // A run spread over shards is the results of all its shards, with what a dead shard owed as UNRESOLVED.
        var results = sharded ? Sharding.ShardHistory.Results(store, info.Id) : store.Results(info.Id);
        if (sharded) MergeCommand.PrintShards(console, store, info.Id);
        var dir = s.Out ?? info.RunDirectory;
        Directory.CreateDirectory(dir);
        var end = store.EndOf(info.Id);
        var exit = Gate.ExitCodeOfStored(results, end);
        IExporter exporters = s.Html || s.Kcidb
            ? new CompositeExporter([
                .. s.Html ? [new Exporters.Html.HtmlReportExporter(store, s.Comparison is null ? null : Exporters.Html.ComparisonSummary.Load(s.Comparison)
                    ?? throw new FileNotFoundException($"no comparison at {s.Comparison}"))] : Array.Empty<IExporter>(),
                .. s.Kcidb ? [new Exporters.Kcidb.KcidbExporter()] : Array.Empty<IExporter>()])
            : HarnessRun.Exporters(history: store);
        exporters.Export(new RunReport(info, results, exit), dir);
        console.MarkupLine($"{results.Count} results of {Markup.Escape(info.Id)} written to {Markup.Escape(dir)}");
        if (end is null || end.Aborted is not null)
            console.MarkupLine(Markup.Escape($"the run is {Ending(end)}: tests after its last result were not judged (exit {exit})"));
        return exit;
    }

    /// <summary>The exit code, "aborted (N): why", or "unfinished" (the harness died before it could say).</summary>
    private static string Ending(RunEnd? end) => end switch
    {
        null => "unfinished",
        { Aborted: { } why } => $"aborted ({end.ExitCode}): {Text.UntrustedText.OneLine(why, 120)}",
        _ => end.ExitCode.ToString(),
    };
}

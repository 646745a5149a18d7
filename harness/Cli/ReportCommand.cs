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
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[RUN-ID]")]
        [Description("The run to export; absent: list the runs in the database.")]
        public string? RunId { get; init; }

        [CommandOption("--db <FILE>")]
        [Description("History database: a SQLite file, or PostgreSQL as postgres://user:pass@host/db or an Npgsql connection string. Default: history.sqlite in the harness cache.")]
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
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var path = s.Database ?? Path.Combine(HarnessCache.Default().Root, "history.sqlite");
        if (!path.Contains("://") && !path.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
        {
            console.MarkupLine($"[red]no history database at {Markup.Escape(path)}[/]");
            return 2;
        }
        using var store = ResultStores.Open(path);
        if (s.RunId is null)
        {
            var table = new Table().AddColumns("Run", "Suite", "Started", "Results", "Exit");
            foreach (var r in store.Runs())
                table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.Suite), $"{r.Started:yyyy-MM-dd HH:mm}",
                    store.Results(r.Id).Count.ToString(), store.EndOf(r.Id)?.ExitCode.ToString() ?? "unfinished");
            console.Write(table);
            return 0;
        }
        var info = store.Runs().FirstOrDefault(r => r.Id == s.RunId);
        if (info is null)
        {
            console.MarkupLine($"[red]no run '{Markup.Escape(s.RunId)}' in {Markup.Escape(path)}[/]");
            return 2;
        }
        var results = store.Results(info.Id);
        var dir = s.Out ?? info.RunDirectory;
        Directory.CreateDirectory(dir);
        var exit = Gate.ExitCode(results);
        IExporter exporters = s.Html || s.Kcidb
            ? new CompositeExporter([
                .. s.Html ? [new Exporters.Html.HtmlReportExporter(store, s.Comparison is null ? null : Exporters.Html.ComparisonSummary.Load(s.Comparison)
                    ?? throw new FileNotFoundException($"no comparison at {s.Comparison}"))] : Array.Empty<IExporter>(),
                .. s.Kcidb ? [new Exporters.Kcidb.KcidbExporter()] : Array.Empty<IExporter>()])
            : HarnessRun.Exporters(history: store);
        exporters.Export(new RunReport(info, results, exit), dir);
        console.MarkupLine($"{results.Count} results of {Markup.Escape(info.Id)} written to {Markup.Escape(dir)}");
        return exit;
    }
}

using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness compare BASE CAND`: what got worse (and better) from one run, night or kernel span of
/// the history to another. Exit 0 nothing worse, 1 regressions, 2 could not compare.
/// </summary>
public sealed class CompareCommand(IAnsiConsole console) : Command<CompareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<BASE>")]
        [Description("The baseline: a run id (or unique prefix; a matrix or night stands for its runs), 'last-good' (newest earlier run of the same kind with gate 0), 'latest', or 'kernel:SPAN' (e.g. kernel:6.1.0-53, kernel:6.1.0-50..6.1.0-53).")]
        public string Base { get; init; } = "";

        [CommandArgument(1, "[CAND]")]
        [Description("The candidate, in the same forms. Default: latest.")]
        public string Candidate { get; init; } = SideSelector.Latest;

        [CommandOption("--db <FILE>")]
        [Description("History database: a SQLite file, or PostgreSQL as postgres://user:pass@host/db or an Npgsql connection string. Default: history.sqlite in the harness cache.")]
        public string? Database { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Where compare.md and compare.json go. Default: the candidate's run directory (or ./runs when it has none on this machine).")]
        public string? Out { get; init; }

        [CommandOption("--json")]
        [Description("Print the comparison as JSON (the same differences as data) instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var path = s.Database ?? Path.Combine(HarnessCache.Default().Root, "history.sqlite");
        if (!path.Contains("://") && !path.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
        {
            console.MarkupLine($"[red]no history database at {Markup.Escape(path)}[/]");
            return ComparisonGate.CouldNotCompare;
        }
        using var store = ResultStores.Open(path);
        var comparison = new ComparisonRun(store);
        var report = comparison.Execute(s.Base, s.Candidate, null);
        var dir = s.Out ?? DefaultOut(store, report);
        comparison.Write(report, dir);
        if (s.Json)
        {
            // Raw to stdout: the console would wrap long lines at its width and break the JSON.
            Console.Out.WriteLine(report.ToJson());
            return report.ExitCode;
        }
        Print(console, report);
        console.MarkupLine($"written: {Markup.Escape(Path.Combine(dir, "compare.md"))}, compare.json, {ComparisonPage.Folder}/report.html");
        return report.ExitCode;
    }

    /// <summary>The candidate's own directory when it is one run (or one night) that exists here.</summary>
    private static string DefaultOut(IResultStore store, ComparisonReport report)
    {
        var runs = store.Runs();
        var sets = RunSets.All(store);
        var top = sets.FirstOrDefault(s => report.Candidate.Runs.Count > 0 && report.Candidate.Runs.All(s.Members.Contains))?.Id
                  ?? (report.Candidate.Runs.Count == 1 ? report.Candidate.Runs[0] : null);
        var dir = runs.FirstOrDefault(r => r.Id == top)?.RunDirectory;
        return dir is not null && Directory.Exists(dir) ? dir : "runs";
    }

    public static void Print(IAnsiConsole console, ComparisonReport report)
    {
        console.MarkupLine($"base:      {Markup.Escape(report.Base.Label)}  [grey]{Markup.Escape(string.Join(", ", report.Base.Kernels))}[/]");
        console.MarkupLine($"candidate: {Markup.Escape(report.Candidate.Label)}  [grey]{Markup.Escape(string.Join(", ", report.Candidate.Kernels))}[/]");
        if (report.Note is not null) console.MarkupLine($"[yellow]{Markup.Escape(report.Note)}[/]");
        if (report.Findings.Count > 0)
        {
            var table = new Table().AddColumns("Severity", "Kind", "Finding", "Culprit");
            foreach (var f in report.Findings)
                table.AddRow(f.Severity.ToString(), Markup.Escape(f.Kind), Markup.Escape(f.Summary), f.Culprit.ToString());
            console.Write(table);
        }
        else console.MarkupLine("no differences");
        console.MarkupLine(string.Join(", ", report.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        console.MarkupLine(report.ExitCode switch
        {
            ComparisonGate.NothingWorse => "[green]compare: nothing worse[/]",
            ComparisonGate.Regressions => "[red]compare: regressions[/]",
            _ => "[yellow]compare: could not compare all of it[/]",
        });
    }
}

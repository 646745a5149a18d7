using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Profiling;
using ProbeHarness.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness profile RUN`: where a `run --profile` spent its time, from the run's profile.nettrace:
/// per phase, per cell, and the harness's own CPU against its children's (QEMU, stap, gcc).
/// </summary>
public sealed class ProfileCommand(IAnsiConsole console) : Command<ProfileCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN>")]
        [Description("A run id from the history, a run directory, or a .nettrace file.")]
        public string Run { get; init; } = "";

        [CommandOption("--db <FILE>")]
        [Description("History database to find a run id in. Default: history.sqlite in the harness cache.")]
        public string? Database { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var trace = Locate(s);
        if (trace is null || !File.Exists(trace))
        {
            console.MarkupLine($"[red]no {ProfileRecorder.FileName} for '{Markup.Escape(s.Run)}'[/] (record one with `run --profile`)");
            return 2;
        }
        var p = ProfileReader.Read(trace);
        if (p.Phases.Count == 0)
        {
            console.MarkupLine($"[red]{Markup.Escape(trace)} holds no phase events[/]");
            return 2;
        }
        console.MarkupLine($"profile: {Markup.Escape(trace)}");
        Print(ProfileTables.PhaseColumns, ProfileTables.PhaseRows(p));
        Print(ProfileTables.CellColumns(p), ProfileTables.CellRows(p));
        foreach (var line in ProfileTables.CpuLines(p)) console.WriteLine(line);
        if (ProfileTables.Slowest(p) is { } slow) console.WriteLine($"most wall time: {slow}");
        return 0;
    }

    private void Print(string[] columns, IEnumerable<string[]> rows)
    {
        var t = new Table().AddColumns(columns);
        foreach (var r in rows) t.AddRow(r.Select(Markup.Escape).ToArray());
        console.Write(t);
    }

    private static string? Locate(Settings s)
    {
        if (File.Exists(s.Run)) return s.Run;
        if (Directory.Exists(s.Run)) return Path.Combine(s.Run, ProfileRecorder.FileName);
        var db = s.Database ?? Path.Combine(HarnessCache.Default().Root, "history.sqlite");
        if (!db.Contains("://") && !File.Exists(db)) return null;
        using var store = ResultStores.Open(db);
        return store.Runs().FirstOrDefault(r => r.Id == s.Run) is { } run ? Path.Combine(run.RunDirectory, ProfileRecorder.FileName) : null;
    }
}

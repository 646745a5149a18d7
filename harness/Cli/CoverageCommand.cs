using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Coverage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness coverage`: which probe points an engine can place on a kernel, as the nightly records them.</summary>
public sealed class CoverageCommand(IAnsiConsole console) : AsyncCommand<CoverageCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--families <NAMES>")]
        [Description("Comma-separated SystemTap tapset families to check (their probe aliases, without debuginfo), or 'none'. Default: nd_syscall and the common subsystem tapsets.")]
        public string? Families { get; init; }

        [CommandOption("--kprobe-sample <N>")]
        [Description("Also measure kprobe_events' functions in a guest, really registering N sampled points; negative skips it. Default: -1.")]
        [DefaultValue(-1)]
        public int KprobeSample { get; init; } = -1;
    }

    /// <summary>A comma list of families; null: the defaults; 'none': no families.</summary>
    public static IReadOnlyList<string> Families(string? text) =>
        text is null ? TapsetCoverage.DefaultFamilies
        : text.Trim() == "none" ? []
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var cache = HarnessCache.Default();
        var found = new List<ProbePoints>();
        if (s.KprobeSample >= 0)
            found.Add(await KprobeCoverage.MeasureAsync(cache, s.ArchName, s.KernelText, s.KprobeSample, ct));
        var families = Families(s.Families);
        if (families.Count > 0)
            found.AddRange(await TapsetCoverage.MeasureAsync(cache, s.ArchName, s.KernelText, families, new ConsoleProgress(console), _ => { }, ct));
        var table = new Table().AddColumns("family", "resolve", "of", "share");
        foreach (var p in found)
            table.AddRow(Markup.Escape(p.Family), p.Resolved.Count.ToString(), p.Candidates.ToString(), $"{p.Share:0.0%}");
        console.Write(table);
        return 0;
    }
}

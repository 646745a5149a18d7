using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Fuzzing;
using ProbeHarness.Inputs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness fuzz`: generated scripts against an engine, findings stored with minimized reproducers; exit 1 when something new was found.</summary>
public sealed class FuzzCommand(IAnsiConsole console) : AsyncCommand<FuzzCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--target <TARGET>")]
        [Description("What to fuzz: 'translator' (stap passes 1-3 on the host, through the shim; nothing is built or loaded). Default: translator.")]
        public string Target { get; init; } = "translator";

        [CommandOption("--duration <TIME>")]
        [Description("How long to generate scripts: 90s, 10m, 1h. Default: 10m.")]
        public string Duration { get; init; } = "10m";

        [CommandOption("--seed <N>")]
        [Description("Seed: the same seed generates the same scripts in the same order. Default: 1.")]
        public ulong Seed { get; init; } = 1;

        [CommandOption("--jobs <N>")]
        [Description("Scripts translated side by side. Default: 2.")]
        public int Jobs { get; init; } = 2;

        [CommandOption("--pass <N>")]
        [Description("Last stap pass to run, 1-3 (3 translates to C; nothing is compiled). Default: 3.")]
        public int Pass { get; init; } = 3;

        [CommandOption("--guru")]
        [Description("Also generate embedded C (functions, statements, pragmas) and translate it with -g, still to pass 3 at most.")]
        public bool Guru { get; init; }

        [CommandOption("--dump-functions")]
        [Description("Call any tapset function stap lists (`stap --dump-functions`, cached; the first read takes many minutes), not only the common ones.")]
        public bool DumpFunctions { get; init; }

        [CommandOption("--findings <DIR>")]
        [Description("Where findings are kept, one folder per signature. Default: fuzz/findings.")]
        public string Findings { get; init; } = Path.Combine("fuzz", "findings");

        [CommandOption("--minimize-budget <N>")]
        [Description("stap runs the minimizer may spend on one finding. Default: 60.")]
        public int MinimizeBudget { get; init; } = 60;

        [CommandOption("--max-scripts <N>")]
        [Description("Also stop after N scripts: with --seed, the same campaign script for script. Default: no limit.")]
        public long? MaxScripts { get; init; }

        public TimeSpan DurationSpan => ParseDuration(Duration);

        protected override void Check()
        {
            if (Target != "translator") throw new InputException($"--target: '{Target}' is not fuzzed yet; known: translator");
            ParseDuration(Duration);
            if (Jobs < 1) throw new InputException("--jobs: at least 1");
            if (MaxScripts < 1) throw new InputException("--max-scripts: at least 1");
            if (Pass is < 1 or > 3) throw new InputException("--pass: 1, 2 or 3 (later passes compile or load; never on the host)");
        }
    }

    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && double.TryParse(t[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
            switch (t[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
            }
        throw new InputException($"--duration: '{text}' is not a duration like 90s, 10m or 1h");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var cache = HarnessCache.Default();
        await using var target = await TranslatorTarget.CreateAsync(cache, s.ArchName, s.KernelText, new ConsoleProgress(console), ct);
        var vocabulary = await target.VocabularyAsync(cache, s.DumpFunctions, m => console.MarkupLine($"[grey]{Markup.Escape(m)}[/]"), ct);
        console.MarkupLine(Markup.Escape($"{target.Engine} on {target.Kernel} ({target.Arch}): {vocabulary.Functions.Count} tapset functions, " +
            $"{vocabulary.Aliases.Count} probe aliases, {vocabulary.KernelFunctions.Count} kernel functions"));
        var options = new FuzzOptions(s.DurationSpan, s.Seed, s.Jobs, s.Pass, s.Guru, s.MinimizeBudget, MaxScripts: s.MaxScripts);
        var findings = new FuzzFindings(Path.GetFullPath(s.Findings));
        var run = new FuzzRun(options, new ScriptGenerator(vocabulary, s.Guru), findings,
            async (script, name, c) =>
            {
                var (o, r) = await target.RunAsync(script, s.Pass, name, options.ScriptTimeout, c);
                return (o, r.Stderr);
            },
            script => ["stap", .. target.Conformance.TargetArgs, .. TranslatorTarget.Arguments("script.stp", s.Pass, script.NeedsGuru)],
            o => FuzzFindings.Of(o, target.Engine, target.Kernel, target.Arch, findings.FolderOf(o.Signature)));
        var last = DateTime.MinValue;
        var report = await run.RunAsync(r =>
        {
            if (DateTime.UtcNow - last < TimeSpan.FromSeconds(10)) return;
            last = DateTime.UtcNow;
            console.MarkupLine(Markup.Escape($"{r.Scripts} scripts, {r.PerSecond:0.00}/s, pass 2 reached {r.Reached(2):0.0%}, findings {r.Findings.Count}"));
        }, ct);
        Print(report, s.Pass);
        return report.Findings.IsEmpty ? 0 : 1;
    }

    private void Print(FuzzReport r, int pass)
    {
        console.MarkupLine(Markup.Escape($"scripts: {r.Scripts} in {r.Elapsed.TotalSeconds:0}s ({r.PerSecond:0.00}/s)"));
        for (var p = 1; p <= pass; p++) console.MarkupLine(Markup.Escape($"reached pass {p}: {r.Reached(p):0.0%}"));
        var kinds = new Table().AddColumns("outcome", "scripts");
        foreach (var kv in r.ByKind.OrderByDescending(kv => kv.Value)) kinds.AddRow(Markup.Escape(kv.Key), kv.Value.ToString());
        console.Write(kinds);
        if (!r.Refusals.IsEmpty)
        {
            var refusals = new Table().AddColumns("refusal (first error line)", "scripts");
            foreach (var kv in r.Refusals.OrderByDescending(kv => kv.Value).Take(12)) refusals.AddRow(Markup.Escape(kv.Key), kv.Value.ToString());
            console.Write(refusals);
        }
        foreach (var f in r.Findings)
            console.MarkupLine(Markup.Escape($"NEW {f.Finding.Signature} -> {f.Finding.Reproducer} ({StapTree.Size(f.Minimized)} nodes from {StapTree.Size(f.Original)})"));
        foreach (var k in r.Known) console.MarkupLine(Markup.Escape($"known {k}"));
        foreach (var g in r.GeneratorBugs.Take(3)) console.MarkupLine(Markup.Escape($"generator bug (parse error):\n{g}"));
        console.MarkupLine(Markup.Escape($"findings: {r.Findings.Count} new, {r.Known.Count} known"));
    }
}

using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.Corpus;
using ProbeHarness.Inputs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness corpus --arch ARCH --out DIR [CASE...]`: boots the cases of the corpus table
/// (vmimages/crashmod/cases.yaml) and writes their console logs with expectation headers.
/// Exit 0 when triage agrees with the table on every log written, 1 otherwise.
/// </summary>
public sealed class CorpusCommand(IAnsiConsole console) : AsyncCommand<CorpusCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandArgument(0, "[CASE]")]
        [Description("Case names of the table (default: every case of the architecture).")]
        public string[] Cases { get; init; } = [];

        /// <summary>The kernel the corpus's logs come from.</summary>
        protected override string DefaultKernel => "bookworm:6.1.0-56";

        [CommandOption("--out <DIR>")]
        [Description("Where <arch>/<case>.log go (default: tests/Harness.Tests/Triage/corpus of this checkout).")]
        public string? Out { get; init; }

        [CommandOption("--cases <FILE>")]
        [Description("The case table (default vmimages/crashmod/cases.yaml).")]
        public string? CaseFile { get; init; }

        [CommandOption("--list")]
        [Description("Print the table's cases for the architecture and exit.")]
        public bool List { get; init; }

        protected override void Check()
        {
            RunChecks.ExistingFile(CaseFile, "--cases");
            if (Out is not null) RunChecks.OutDirectory(Out, "--out");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var table = RunChecks.Input(() => CorpusCaseLoader.Load(s.CaseFile ?? CorpusCaseLoader.DefaultPath), "--cases");
        var forArch = table.Where(c => c.RunsOn(s.ArchName)).ToList();
        var unknown = s.Cases.Where(n => forArch.All(c => c.Name != n)).ToList();
        if (unknown.Count > 0)
            throw new InputException($"corpus: no case {string.Join(", ", unknown)} for {s.ArchName}; known: {string.Join(" ", forArch.Select(c => c.Name))}");
        if (s.List)
        {
            foreach (var c in forArch)
                console.WriteLine($"{c.Name,-20} {(c.Stap is not null ? "stap " + Path.GetFileName(c.Stap) : c.TruncateFrom is not null ? "truncate " + c.TruncateFrom : c.Run)}");
            return 0;
        }
        var chosen = s.Cases.Length == 0 ? forArch : forArch.Where(c => s.Cases.Contains(c.Name)).ToList();
        var outDir = s.Out ?? Corpus.CorpusFolder.InCheckout();
        if (outDir is null) throw new InputException("corpus: not run from a checkout: give --out DIR");
        var outcomes = await new CorpusGenerator(HarnessCache.Default(), line => console.WriteLine(line))
            .RunAsync(s.ArchName, s.KernelText, outDir, chosen, ct);
        var bad = outcomes.Count(o => !o.Agrees);
        console.WriteLine($"{outcomes.Count - bad} agree, {bad} differ from the table; logs in {Path.GetFullPath(Path.Combine(outDir, s.ArchName))}");
        return bad == 0 ? 0 : 1;
    }
}

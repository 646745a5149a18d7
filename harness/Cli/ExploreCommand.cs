using System.ComponentModel;
using ProbeHarness.Caching;
using ProbeHarness.DataFiles;
using ProbeHarness.Exploring;
using ProbeHarness.Inputs;
using ProbeHarness.Running;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness explore`: fail-nth over system calls with phinject; the step table per syscall, findings in the run directory; exit 1 when a step found something.</summary>
public sealed class ExploreCommand(IAnsiConsole console) : AsyncCommand<ExploreCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--syscall <NAMES>")]
        [Description("System calls to explore, comma-separated or repeated: open, mkdir, write, fsync, socket, fork, pipe (the data's names). Default: all in the data.")]
        public string[]? Syscalls { get; init; }

        [CommandOption("--function <NAMES>")]
        [Description("Only these of the data's functions, comma-separated or repeated. Default: every function the survey sees the call reach.")]
        public string[]? Functions { get; init; }

        [CommandOption("--max-steps <N>")]
        [Description("At most N steps (calls failed, 1st to Nth) per function and syscall. Default: 8.")]
        public int MaxSteps { get; init; } = 8;

        [CommandOption("--data <FILE>")]
        [Description("The syscalls and injectable functions. Default: suites/fault-injection/error-paths.yaml.")]
        public string? Data { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder that receives the run directory. Default: ./runs.")]
        public string Out { get; init; } = "runs";

        [CommandOption("--db <FILE>")]
        [Description(HistoryOption.Description)]
        public string? Database { get; init; }

        public IReadOnlyList<string> SyscallNames => Split(Syscalls);
        public IReadOnlyList<string> FunctionNames => Split(Functions);

        private static IReadOnlyList<string> Split(string[]? given) =>
            (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

        protected override void Check()
        {
            if (MaxSteps < 1) throw new InputException("--max-steps: at least 1");
            if (!Architectures.ReturnNowTable.All.Any(r => r.Arch == ArchName))
                throw new InputException($"--arch {ArchName}: no return-now recipe for it in harness/Architectures/ReturnNowTable.cs");
            if (Data is not null && !File.Exists(Data)) throw new InputException($"--data {Data}: no such file");
            try
            {
                (Data is null ? ErrorPaths.Load() : ErrorPaths.Load(Data)).Only(SyscallNames, FunctionNames);
            }
            catch (DataFileException e) { throw new InputException(e.Message); }
            catch (IOException e) { throw new InputException($"--data: {e.Message}"); }
            catch (ArgumentException e) { throw new InputException(e.Message); }
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var run = new RunOptions { Suite = ExplorationRun.Kind, Arch = s.ArchName, Kernel = s.KernelText, OutDirectory = s.Out, Database = s.Database };
        var options = new ExploreOptions(s.SyscallNames, s.FunctionNames, s.MaxSteps, run, s.Data);
        var report = await new ExplorationRun(options, HarnessCache.Default(), new ConsoleProgress(console)).ExecuteAsync(ct);
        Print(report);
        return report.Findings.Count > 0 ? 1 : report.Run.ExitCode == Gate.Passed ? 0 : 2;
    }

    private void Print(ExploreReport r)
    {
        foreach (var (syscall, survey) in r.Surveys)
        {
            console.MarkupLine(Markup.Escape($"{syscall}: reaches " + (survey.Problem ??
                string.Join(", ", survey.Calls.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} x{kv.Value}")))));
            var table = new Table().AddColumns("function failed", "returns", "nth", "errno seen", "injected", "survived", "leaks", "verdict");
            foreach (var v in r.Steps.Where(v => v.Syscall == syscall))
                table.AddRow(Markup.Escape(v.Function.Name), Markup.Escape(v.Function.ReturnsText), v.Nth.ToString(), Markup.Escape(v.Errno),
                    v.Injected?.ToString() ?? "-", ExplorationRun.Yes(v.Survived), Markup.Escape(ExplorationRun.Leaks(v)), Markup.Escape(v.Verdict));
            console.Write(table);
        }
        foreach (var f in r.Findings)
            console.MarkupLine(Markup.Escape($"FINDING {f.Kind} ({f.Culprit}): {f.Summary} [{f.Where?.Test}]"));
        if (r.Guests is { } g) console.Write(Markup.Escape(g.ToString()));
        console.MarkupLine(Markup.Escape($"steps: {r.Steps.Count}, findings: {r.Findings.Count}; run directory: {r.Run.Info.RunDirectory} (steps.md, findings.json)"));
    }
}

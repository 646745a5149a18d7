using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Inputs;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench faults`: faults injected into real runs, and whether the harness judged them right, leaked nothing and lost nothing.</summary>
public sealed class BenchFaultsCommand(IAnsiConsole console) : AsyncCommand<BenchFaultsCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--times <N>")]
        [Description("Trials of each fault. Default: 5.")]
        [DefaultValue(5)]
        public int Times { get; init; } = 5;

        [CommandOption("--only <FAULT>")]
        [Description("Only this fault (repeatable): qemu-killed, guest-hang, agent-killed, guest-oom, tmpfs-full, harness-killed.")]
        public string[]? Only { get; init; }

        [CommandOption("--work <DIR>")]
        [Description("Where the trials' runs and their own history go. Default: bench-faults under the current folder.")]
        [DefaultValue("bench-faults")]
        public string Work { get; init; } = "bench-faults";

        protected override void Check()
        {
            RunChecks.AtLeastOne(Times, "--times");
            foreach (var f in Only ?? []) HarnessFaults.Get(f);
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var faults = s.Only is { Length: > 0 } only ? only.Select(HarnessFaults.Get).ToList() : HarnessFaults.All.ToList();
        var bench = new FaultBenchmark(HarnessCache.Default(), s.ArchName, s.KernelText, Path.GetFullPath(s.Work), line => console.WriteLine(line));
        var trials = new List<FaultTrial>();
        // Interleaved: trial i of every fault before trial i+1 of any, so a change of load hits all alike.
        for (var i = 1; i <= s.Times; i++)
            foreach (var f in faults)
            {
                var t = await bench.TrialAsync(f, ct);
                trials.Add(t);
                console.WriteLine($"{f.Name} #{i}: verdict {(t.VerdictRight ? "right" : "WRONG")}, culprit {(t.CulpritRight ? "right" : "WRONG")}, " +
                    $"leaked {t.Leaked}, lost {t.Lost}; {t.Note}{(t.Wrong is null ? "" : $"; wrong: {t.Wrong}")}");
            }
        var table = new Table().AddColumns("fault", "times tried", "verdict right", "culprit right", "leaked processes", "lost results", "expected");
        foreach (var r in FaultRow.Of(trials))
        {
            var f = HarnessFaults.Get(r.Fault);
            var expected = f.State is { } st ? $"{st.DejaGnuWord()} {f.Culprit}" : "no result, run unfinished";
            table.AddRow(Markup.Escape(r.Fault), r.Tried.ToString(), r.VerdictRight.ToString(), r.CulpritRight.ToString(),
                r.Leaked.ToString(), r.Lost.ToString(), Markup.Escape(expected));
        }
        console.Write(table);
        foreach (var f in faults) console.WriteLine($"{f.Name}: {f.Why}");
        return FaultRow.Of(trials).All(r => r.Clean) ? 0 : 1;
    }
}

using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Inputs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench triage`: MB/s of console text the crash parser reads, printed, not asserted.</summary>
public sealed class BenchTriageCommand(IAnsiConsole console, CliStreams streams) : Command<BenchTriageCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--corpus <DIR>")]
        [Description("Folder of console logs (default: tests/Harness.Tests/Triage/corpus of this checkout).")]
        public string? Corpus { get; init; }

        [CommandOption("--size <MB>")]
        [Description("The corpus is repeated to about this many MB. Default: 50.")]
        [DefaultValue(50)]
        public int SizeMb { get; init; } = 50;

        [CommandOption("--runs <N>")]
        [Description("Timed repetitions of each kind, after a warm-up. Default: 7.")]
        [DefaultValue(7)]
        public int Runs { get; init; } = 7;

        [CommandOption("--chunk <BYTES>")]
        [Description("Chunk size fed to the streaming monitor. Default: 4096.")]
        [DefaultValue(4096)]
        public int Chunk { get; init; } = 4096;

        public override ValidationResult Validate()
        {
            try
            {
                RunChecks.ExistingDirectory(Corpus, "--corpus");
                RunChecks.AtLeastOne(SizeMb, "--size");
                RunChecks.AtLeastOne(Runs, "--runs");
                RunChecks.AtLeastOne(Chunk, "--chunk");
                return ValidationResult.Success();
            }
            catch (InputException e) { return ValidationResult.Error(e.Message); }
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var dir = s.Corpus ?? Corpus.CorpusFolder.InCheckout();
        if (dir is null || !Directory.Exists(dir))
        {
            streams.Error.WriteLine("harness: error: bench triage: no corpus folder in this checkout: give --corpus DIR");
            return 2;
        }
        var logs = TriageBenchmark.LoadCorpus(dir);
        var f = TriageBenchmark.Run(logs, s.SizeMb, s.Runs, s.Chunk, line => console.WriteLine(line));
        console.WriteLine($"input: {f.Logs} console logs from {dir}, repeated to {f.Megabytes:0.0} MB ({f.Chars:N0} chars); {s.Runs} timed runs each after a warm-up");
        var t = new Table().AddColumns("", "median MB/s", "min MB/s", "max MB/s", "spread", "reports");
        foreach (var x in f.Series)
            t.AddRow(x.Name, $"{x.Median:0.0}", $"{x.Min:0.0}", $"{x.Max:0.0}", $"±{(x.Max - x.Min) / 2 / x.Median:P0}", x.Reports.ToString());
        console.Write(t);
        return 0;
    }
}

using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness bench conformance`: the examples' test_check set, harness against a serial stap loop, cold and warm.</summary>
public sealed class BenchConformanceCommand(IAnsiConsole console) : AsyncCommand<BenchConformanceCommand.Settings>
{
    public sealed class Settings : CellSettings
    {
        [CommandOption("--only <REGEX>")]
        [Description("Only examples whose name matches, e.g. 'general/'. Default: all (~190 cold builds twice: hours on 2 cores).")]
        public string? Only { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("Harness jobs. Default: the number of cores.")]
        public int? Jobs { get; init; }

        [CommandOption("--work <DIR>")]
        [Description("Scratch folder (its stap caches are emptied first). Default: /tmp/probe-harness-bench-conformance.")]
        [DefaultValue("/tmp/probe-harness-bench-conformance")]
        public string Work { get; init; } = "/tmp/probe-harness-bench-conformance";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var f = await ConformanceBenchmark.RunAsync(HarnessCache.Default(), s.Arch, s.Kernel, s.Only, s.Jobs ?? Environment.ProcessorCount,
            s.Work, line => console.WriteLine(line), ct);
        var t = new Table().AddColumns("", "serial loop s", "harness s", "ratio serial/harness");
        t.AddRow("cold cache", $"{f.SerialCold:0.0}", $"{f.HarnessCold:0.0}", $"{f.ColdRatio:0.00}");
        t.AddRow("warm cache", $"{f.SerialWarm:0.0}", $"{f.HarnessWarm:0.0}", $"{f.WarmRatio:0.00}");
        console.Write(t);
        console.WriteLine($"{f.Examples} examples, {f.Jobs} jobs; cold ratio {f.ColdRatio:0.00}, warm ratio {f.WarmRatio:0.00}");
        return 0;
    }
}

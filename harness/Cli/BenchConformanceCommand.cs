using System.ComponentModel;
using ProbeHarness.Benchmarks;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Inputs;
using ProbeHarness.Running;
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
        [Description("Scratch folder (its stap caches are emptied first). Default: a fresh private folder under the temporary directory.")]
        public string? Work { get; init; }

        [CommandOption("--guests")]
        [Description("Then run the same examples' test_installcheck in guests (a run of the stap-examples suite) and print its boots and snapshot restores.")]
        public bool Guests { get; init; }

        protected override void Check()
        {
            RunChecks.Regex(Only, "--only");
            if (Jobs is { } j) RunChecks.AtLeastOne(j, "--jobs");
            RunChecks.OutDirectory(Work, "--work");
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var work = s.Work ?? Directory.CreateTempSubdirectory("ph-bench-conformance-").FullName;
        var options = new RunOptions
        {
            Suite = ConformanceSuites.Examples, Arch = s.ArchName, Kernel = s.KernelText, Engines = ["systemtap"], Only = s.Only,
            BuildJobs = s.Jobs ?? Environment.ProcessorCount, OutDirectory = Path.Combine(work, "runs"),
        };
        if (s.Guests) RunChecks.Check(options);
        var f = await ConformanceBenchmark.RunAsync(HarnessCache.Default(), s.ArchName, s.KernelText, s.Only, s.Jobs ?? Environment.ProcessorCount,
            work, line => console.WriteLine(line), ct);
        var t = new Table().AddColumns("", "serial loop s", "harness s", "ratio serial/harness");
        t.AddRow("cold cache", $"{f.SerialCold:0.0}", $"{f.HarnessCold:0.0}", $"{f.ColdRatio:0.00}");
        t.AddRow("warm stap cache", $"{f.SerialWarm:0.0}", $"{f.HarnessWarm:0.0}", $"{f.WarmRatio:0.00}");
        t.AddRow("warm + remembered results", $"{f.SerialWarm:0.0}", $"{f.HarnessRemembered:0.0}", $"{f.RememberedRatio:0.00}");
        console.Write(t);
        console.WriteLine($"{f.Examples} examples, {f.Jobs} jobs; cold ratio {f.ColdRatio:0.00}, warm ratio {f.WarmRatio:0.00}, "
            + $"warm with remembered results {f.RememberedRatio:0.00}");
        if (!s.Guests) return 0;

        // The runtime part: each test_installcheck in a pristine guest restored from a snapshot.
        var run = new HarnessRun(options, HarnessCache.Default(), new ConsoleProgress(console));
        var report = await run.ExecuteAsync(ct);
        console.WriteLine($"guest run: {report.Info.RunDirectory}");
        console.WriteLine(run.Guests?.ToString() ?? "no example of this selection needed a guest");
        return 0;
    }
}

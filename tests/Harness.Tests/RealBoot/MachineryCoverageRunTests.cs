using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Coverage;
using ProbeHarness.Results;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// The probe machinery's coverage for real: the smoke suite's kprobe_events cell on the newest
/// bookworm x86_64 kernel with the function tracer on. Its getpid kprobe and kretprobe sit at a
/// traceable function's entry, so they go through ftrace (KPROBES_ON_FTRACE) and the kretprobe
/// through rethook: those functions are in the history under the suite's family.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class MachineryCoverageRunTests
{
    [Test]
    public async Task A_kprobe_events_cell_exercises_the_ftrace_based_kprobe_and_rethook_paths()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-machinery-{Guid.NewGuid():N}");
        var options = new RunOptions { OutDirectory = root, Database = Path.Combine(root, "history.sqlite"), Engines = ["kprobe_events"], MachineryCoverage = true };
        var report = await new HarnessRun(options, HarnessCache.Default(), new Progress()).ExecuteAsync(CancellationToken.None);

        using var store = ResultStores.Open(options.Database!);
        var record = CoverageRecords.Of(store, report.Info.Id).Single();
        var listing = Directory.GetFiles(report.Info.RunDirectory, "machinery-coverage.txt", SearchOption.AllDirectories).Single();
        TestContext.Progress.WriteLine(string.Join("\n", File.ReadLines(listing).Take(80)));
        Assert.That(record.Family, Is.EqualTo(MachineryTrace.Family("smoke")));
        Assert.That(record.Candidates, Is.GreaterThan(100), "the filter holds the kprobe, rethook, ftrace-ops and uprobe functions");
        Assert.That(record.Points, Does.Contain("register_kprobe").And.Contain("kprobe_ftrace_handler").And.Contain("kretprobe_rethook_handler"));
        // The tracer's own instance must not starve the top-level buffer the tests read (Linux 6.1's one "expanded" flag).
        Assert.That(report.Results.Single(r => r.Test == "kprobe-events-getpid-pair").State, Is.EqualTo(Verdicts.TestState.Pass),
            report.Results.Single(r => r.Test == "kprobe-events-getpid-pair").Reason);
        Directory.Delete(root, recursive: true);
    }

    private sealed class Progress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

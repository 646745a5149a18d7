using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Processes;
using ProbeHarness.Profiling;

namespace ProbeHarness.Tests.Profiling;

/// <summary>Phase events recorded through this very process's EventPipe session and read back with TraceEvent.</summary>
[NonParallelizable]
public class ProfileRoundTripTests
{
    [Test]
    public async Task Phases_cells_and_cpu_come_back_from_the_nettrace()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ph-profile-{Guid.NewGuid():N}");
        var session = ProfileSession.Start(dir);
        var observer = ProfileSession.Observe(new Silent());
        using (Phases.Begin(Phase.Resolve, "lists")) { }
        await CellAsync(observer);
        using (Phases.Begin(Phase.Export)) { }
        var runDir = Path.Combine(dir, "run");
        Directory.CreateDirectory(runDir);
        var trace = await session.FinishAsync(runDir);
        var p = ProfileReader.Read(trace);

        Assert.That(p.Phases.Select(s => s.Phase), Is.EqualTo(new[] { Phase.Resolve, Phase.Build, Phase.Build, Phase.Execute, Phase.Export }));
        Assert.That(p.Phases.Where(s => s.Phase is Phase.Build or Phase.Execute).Select(s => s.Cell), Has.All.EqualTo("x86_64/k/e"));
        Assert.That(p.Phases.Single(s => s.Phase == Phase.Resolve).Cell, Is.EqualTo(""), "before any cell: the run's setup");
        Assert.That(p.Phases.Single(s => s.Phase == Phase.Execute).Detail, Is.EqualTo("a test"));
        Assert.That(p.Phases, Has.All.Matches<PhaseSpan>(s => s.EndMs >= s.StartMs));
        Assert.That(p.Cells.Keys, Is.EquivalentTo(new[] { "x86_64/k/e" }));
        Assert.That(p.ChildrenCpuMs, Is.GreaterThanOrEqualTo(0));
        Assert.That(p.ChildCpuMs.Keys, Is.EquivalentTo(new[] { "sleep" }), "the live child sampled before it ended");
        Assert.That(p.WallMs, Is.GreaterThan(0));
        Assert.That(ProfileTables.PhaseRows(p).Select(r => r[0]), Is.EqualTo(new[] { Phase.Resolve, Phase.Build, Phase.Execute, Phase.Export, "(outside phases)" }));
        Assert.That(ProfileTables.CellRows(p).Select(r => r[0]), Is.EquivalentTo(new[] { "(setup)", "x86_64/k/e" }));
        Directory.Delete(dir, true);
    }

    private static async Task CellAsync(ProbeHarness.Running.IRunObserver observer)
    {
        observer.BeforeSuite("x86_64/k/e", 2);
        await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() => { using var _ = Phases.Begin(Phase.Build, $"t{i}"); })));
        using (Phases.Begin(Phase.Execute, "a test"))
        {
            // A child that lives until it is killed: sampled alive, then ended. (Given as an Arguments
            // string, the argument was dropped: sleep failed at once and the sample raced its exit.)
            var psi = new System.Diagnostics.ProcessStartInfo("sleep", ["infinity"]) { UseShellExecute = false };
            var child = await ChildProcesses.StartAsync(psi);
            Phases.SampleChild("sleep", child.Id);
            ChildProcesses.Kill(child);
            await child.WaitForExitAsync();
        }
        observer.AfterSuite("x86_64/k/e");
    }

    private sealed class Silent : ProbeHarness.Running.IRunObserver;

    [FsCheck.NUnit.Property]
    public Property Covered_time_is_between_the_longest_span_and_the_sum((NormalFloat Start, NormalFloat Length)[] raw)
    {
        var spans = raw.Select(r => (s: Math.Abs(r.Start.Get) % 1000, l: Math.Abs(r.Length.Get) % 100))
            .Select(r => new PhaseSpan("build", "", "", r.s, r.s + r.l)).ToList();
        var p = new RunProfile(spans, new Dictionary<string, (double, double)>(), [], new Dictionary<string, double>());
        var covered = p.CoveredMs(spans);
        var longest = spans.Count == 0 ? 0 : spans.Max(s => s.Ms);
        var sum = spans.Sum(s => s.Ms);
        var hull = spans.Count == 0 ? 0 : spans.Max(s => s.EndMs) - spans.Min(s => s.StartMs);
        return (covered >= longest - 1e-6 && covered <= sum + 1e-6 && covered <= hull + 1e-6).Label($"{covered} vs {longest}..{sum}, hull {hull}");
    }
}

using ProbeHarness.Exporters;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Suites;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// A matrix group whose run ended in an exception: each of its tests is UNRESOLVED with the reason
/// and who is at fault (the infrastructure for a download, a tool or a machine; the harness for its
/// own bug), so the matrix's .sum, junit.xml and cell table show the group instead of losing it.
/// </summary>
public static class GroupFailure
{
    public const string Prefix = "group failed: ";

    public static RunReport Report(string suiteName, CellGroup group, Exception e, string matrixDirectory)
    {
        var culprit = e switch
        {
            MachineFailure m => m.Culprit,
            InfrastructureException or Processes.ToolFailedException or IOException or HttpRequestException or TimeoutException => Culprit.Infrastructure,
            _ => Culprit.Harness,
        };
        var reason = Prefix + Text.UntrustedText.OneLine(e.Message, 1000);
        var tests = TestsOf(suiteName);
        var results = new List<TestResult>();
        var kernel = LocalKernel.CellName(group.Kernel);
        foreach (var engine in group.Engines)
        {
            var names = tests?.Where(t => t.RunsOn(engine, group.Arch)).Select(t => t.Name).ToList() ?? [];
            // A suite that could not even be read still leaves a row per engine.
            if (names.Count == 0) names = ["setup"];
            results.AddRange(names.Select(n => new TestResult(suiteName, n, new Cell(group.Arch, kernel, engine),
                TestState.Unresolved, culprit, reason, TimeSpan.Zero, "")));
        }
        var info = new RunInfo($"{group.Arch}-{kernel}-failed", suiteName, DateTimeOffset.UtcNow, Environment.MachineName,
            matrixDirectory, HarnessVersion.Text);
        return new RunReport(info, results, Gate.ExitCode(results));
    }

    private static IReadOnlyList<SuiteTest>? TestsOf(string suiteName)
    {
        try { return SuiteLoader.Load(suiteName).Tests; }
        catch (Exception e) when (e is DataFiles.DataFileException or IOException) { return null; }
    }
}

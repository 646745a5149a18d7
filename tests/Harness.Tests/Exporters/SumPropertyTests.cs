using NUnit.Framework;
using ProbeHarness.Exporters;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters;

public class SumPropertyTests
{
    /// <summary>The summary block agrees with the result lines, whatever names and reasons the tests carry.</summary>
    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool SummaryCountsEqualResultLines((TestState State, string? Name, string? Reason)[] tests)
    {
        var results = tests.Select(t => new TestResult("s", t.Name ?? "", SampleRun.X86, t.State, Culprit.None,
            t.Reason, TimeSpan.Zero, "")).ToList();
        var lines = new DejaGnuSumExporter(SampleRun.Options).Lines(new RunReport(SampleRun.Info, results, 0)).ToList();
        var summary = lines.Where(l => l.StartsWith("# of ")).ToDictionary(
            l => l.Split('\t')[0], l => int.Parse(l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]));
        foreach (var state in Enum.GetValues<TestState>())
        {
            var resultLines = lines.Count(l => l.StartsWith(state.DejaGnuWord() + ": "));
            summary.TryGetValue("# of " + DejaGnuFormat.CountName(state), out var counted);
            if (resultLines != counted || resultLines != results.Count(r => r.State == state)) return false;
        }
        return summary.Count == results.Select(r => r.State).Distinct().Count();
    }

    [Test]
    public void CountLinesUseDejaGnuTabs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DejaGnuFormat.CountLine(TestState.Pass, 3), Is.EqualTo("# of expected passes\t\t3"));
            Assert.That(DejaGnuFormat.CountLine(TestState.Fail, 3), Is.EqualTo("# of unexpected failures\t3"));
            Assert.That(DejaGnuFormat.CountLine(TestState.KFail, 3), Is.EqualTo("# of known failures\t\t3"));
            Assert.That(DejaGnuFormat.CountLine(TestState.Unresolved, 3), Is.EqualTo("# of unresolved testcases\t3"));
            Assert.That(DejaGnuFormat.CountLine(TestState.Untested, 3), Is.EqualTo("# of untested testcases\t\t3"));
        });
    }

    [Test]
    public void ReasonStaysOnOneLineWithOneTrailingGroup()
    {
        var r = new TestResult("s", "t", SampleRun.X86, TestState.Fail, Culprit.Kernel, "oops (in foo)\nsecond line",
            TimeSpan.Zero, "");
        Assert.That(DejaGnuFormat.ResultLine(r), Is.EqualTo("FAIL: t [x86_64/6.1.0-53-amd64/systemtap] (oops [in foo] second line)"));
    }

    [Test]
    public void TclDatePadsTheDayWithASpace() =>
        Assert.That(DejaGnuFormat.TclDate(new DateTimeOffset(2025, 1, 5, 8, 6, 44, TimeSpan.Zero)),
            Is.EqualTo("Sun Jan  5 08:06:44 2025"));
}

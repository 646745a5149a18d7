using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Running;

/// <summary>A group that fails is that group's failure: the matrix finishes and reports it as UNRESOLVED with why.</summary>
public class MatrixGroupFailureTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("ph-matrix-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Every_failed_group_is_unresolved_in_the_sum_and_the_cell_table_and_the_matrix_ends()
    {
        // A suite that is not there makes each group's run throw before it downloads anything.
        var matrix = new Matrix("m", "no-such-suite",
            [new CellGroup("x86_64", "bookworm", ["kprobe_events"]), new CellGroup("arm64", "bookworm", ["systemtap", "kprobe_events"])]);
        var options = new RunOptions { OutDirectory = Path.Combine(_dir, "runs"), Database = Path.Combine(_dir, "h.sqlite") };
        var (whole, cells, _) = await new MatrixRun(matrix, options, new HarnessCache(Path.Combine(_dir, "cache")), new Quiet()).ExecuteAsync(2, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(whole.ExitCode, Is.EqualTo(Gate.Unjudged));
            Assert.That(whole.Results.Select(r => $"{r.Cell.Arch}/{r.Cell.Engine}"),
                Is.EquivalentTo(new[] { "x86_64/kprobe_events", "arm64/systemtap", "arm64/kprobe_events" }));
            Assert.That(whole.Results.Select(r => r.State), Has.All.EqualTo(TestState.Unresolved));
            Assert.That(whole.Results.Select(r => r.Culprit), Has.None.EqualTo(Culprit.None));
            Assert.That(whole.Results.Select(r => r.Reason), Has.All.StartWith("group failed: no suite 'no-such-suite'"));
            Assert.That(cells.Select(c => c.Failure), Has.All.StartWith("group failed: "));
            var sum = File.ReadAllText(Path.Combine(whole.Info.RunDirectory, "no-such-suite.sum"));
            Assert.That(sum, Does.Contain("UNRESOLVED: setup"));
            Assert.That(File.ReadAllText(Path.Combine(whole.Info.RunDirectory, "cells.md")), Does.Contain("UNRESOLVED 1: group failed: no suite"));
        });
    }

    private sealed class Quiet : IRunObserver;
}

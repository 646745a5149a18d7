using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Exporters;
using ProbeHarness.GuestSessions;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// SystemTap's examples collection, for real, on a handful of examples that cover every path: two
/// built on the host and run in pristine guests (the second restored from the snapshot), one whose
/// test_support fails, one that needs kernel debuginfo, and the two .meta files of one script.
/// Run twice: the second run answers its host commands from the remembered results.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class ExamplesRunTests
{
    private const string Selection = "general/(helloworld|ansi_colors|key|badname|py2example|py3example)$";
    private RunReport _first = null!, _second = null!;
    private GuestStats? _guests;

    [OneTimeSetUp]
    public async Task RunTheSelectionTwice()
    {
        var root = Path.Combine(Path.GetTempPath(), $"ph-examples-{Guid.NewGuid():N}");
        var options = new RunOptions
        {
            Suite = ConformanceSuites.Examples, Engines = ["systemtap"], Only = Selection,
            OutDirectory = root, Database = Path.Combine(root, "history.sqlite"),
        };
        var run = new HarnessRun(options, HarnessCache.Default(), new Progress());
        _first = await run.ExecuteAsync(CancellationToken.None);
        _guests = run.Guests;
        _second = await new HarnessRun(options with { HostOnly = true }, HarnessCache.Default(), new Progress()).ExecuteAsync(CancellationToken.None);
        foreach (var r in _first.Results)
            TestContext.Progress.WriteLine($"{r.State.DejaGnuWord()}: {r.FullName} {r.Reason}");
    }

    private TestState State(string example) =>
        _first.Results.Single(r => r.Test == $"systemtap.examples/general/{example}").State;

    [Test]
    public void Every_example_has_one_state_with_a_reason_unless_it_passed()
    {
        Assert.That(_first.Results.Select(r => r.Test), Is.Unique);
        Assert.That(_first.Results, Has.Count.EqualTo(6));
        Assert.That(_first.Results.Where(r => r.State != TestState.Pass), Has.All.Matches<TestResult>(r => !string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Test]
    public void Runtime_examples_pass_in_guests_and_the_rest_say_what_they_lack()
    {
        Assert.Multiple(() =>
        {
            Assert.That(State("helloworld"), Is.EqualTo(TestState.Pass));
            Assert.That(State("ansi_colors"), Is.EqualTo(TestState.Pass));
            Assert.That(State("key"), Is.EqualTo(TestState.Unsupported));
            Assert.That(State("badname"), Is.EqualTo(TestState.Unsupported));
            Assert.That(State("py2example"), Is.EqualTo(TestState.Unsupported));
            Assert.That(State("py3example"), Is.EqualTo(TestState.Unsupported));
            Assert.That(_first.Results.Single(r => r.Test.EndsWith("/badname")).Reason, Does.Contain("debuginfo"));
        });
    }

    [Test]
    public void Each_runtime_test_got_its_own_guest_and_the_snapshot_served()
    {
        Assert.That(_guests, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(_guests!.TestsPerGuest, Is.EqualTo(new[] { 1, 1 }));
            Assert.That(_guests.Restores, Is.Not.Empty, _guests.ToString());
            Assert.That(_guests.SnapshotProblem, Is.Null);
        });
    }

    [Test]
    public void The_sum_is_laid_out_as_dejagnu_writes_it()
    {
        var sum = File.ReadAllText(Path.Combine(_first.Info.RunDirectory, "stap-examples.sum"));
        Assert.Multiple(() =>
        {
            Assert.That(sum, Does.Contain("Running systemtap.examples/check.exp ..."));
            Assert.That(sum, Does.Contain("PASS: systemtap.examples/general/helloworld"));
            Assert.That(sum, Does.Contain("# of expected passes\t\t2"));
            Assert.That(sum, Does.Contain("# of unsupported tests\t\t4"));
        });
    }

    [Test]
    public void A_second_run_answers_host_commands_from_remembered_results_with_the_same_states()
    {
        Assert.That(_second.Results.Select(r => (r.Test, r.State)),
            Is.EquivalentTo(_first.Results.Select(r => (r.Test, r.State))));
        var log = File.ReadAllText(Path.Combine(_second.Info.RunDirectory, "logs", "systemtap.examples_general_badname.log"));
        Assert.That(log, Does.Contain("remembered"));
    }

    private sealed class Progress : IRunObserver
    {
        public void Phase(string cell, string what) => TestContext.Progress.WriteLine($"{cell}: {what}");
    }
}

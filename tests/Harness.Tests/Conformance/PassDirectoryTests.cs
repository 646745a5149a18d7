using NUnit.Framework;
using ProbeHarness.Conformance;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Conformance;

public class PassDirectoryTests
{
    [Test]
    public void Loads_every_file_of_every_pass_directory_under_systemtap_pass1_4()
    {
        var tests = PassDirectory.Load(TestTree.Testsuite);
        Assert.That(tests.Select(t => t.Name), Is.EquivalentTo(new[]
        {
            "parseok/begin.stp", "parseok/heredoc.stp", "parseko/missing_operand.stp", "parseko/unbalanced.stp",
            "semok/global.stp", "semok/no_warnings.stp",
            "semko/entry_outside_return.stp", "semko/type_mismatch.stp", "semko/undefined_function.stp", "semko/warning_made_error.stp",
            "transok/timer.stp", "transko/embedded_without_guru.stp", "buildok/kprobe_getpid.stp", "buildko/bad_embedded_c.stp",
        }));
        var heredoc = tests.Single(t => t.Name == "parseok/heredoc.stp");
        Assert.That(heredoc.Command, Is.EqualTo(new PassTestCommand.Script("/bin/sh")));
        var bad = tests.Single(t => t.Name == "buildko/bad_embedded_c.stp");
        Assert.That(((PassTestCommand.Stap)bad.Command).Arguments, Is.EqualTo(new[] { "-gp4" }));
        Assert.That(bad.MustAccept, Is.False);
        Assert.That(bad.Source, Is.EqualTo("systemtap.pass1-4/buildko.exp"));
        var combined = tests.Single(t => t.Name == "semko/warning_made_error.stp");
        Assert.That(((PassTestCommand.Stap)combined.Command).Arguments, Is.EqualTo(new[] { "-Wp2" }));
    }

    [Test]
    public void Only_stp_files_are_tests_as_the_drivers_glob_them()
    {
        var root = TestTree.Scratch("glob");
        Directory.CreateDirectory(Path.Combine(root, "semko"));
        File.WriteAllText(Path.Combine(root, "semko", "a.stp"), "probe begin { nothing() }\n");
        File.WriteAllText(Path.Combine(root, "semko", "helper.sh"), "#!/bin/sh\nexit 1\n");
        File.WriteAllText(Path.Combine(root, "semko", "semko.exp"), "");
        File.WriteAllText(Path.Combine(root, "semko", ".hidden.stp"), "");
        Assert.That(PassDirectory.Load(root).Select(t => t.Name), Is.EqualTo(new[] { "semko/a.stp" }));
    }

    [Test]
    public void A_first_line_naming_another_program_is_an_error_with_file_and_line()
    {
        var dir = TestTree.Scratch("badline");
        var f = Path.Combine(dir, "x.stp");
        File.WriteAllText(f, "#! /usr/bin/python3\n");
        var e = Assert.Throws<FormatException>(() => PassDirectory.CommandOf(f, 1));
        Assert.That(e!.Message, Does.StartWith($"{f}:1:"));
    }

    [Test]
    public void No_first_line_means_stap_at_the_directory_pass() =>
        Assert.That(PassDirectory.CommandOf(WriteTemp("probe begin {}\n"), 3), Is.EqualTo(new PassTestCommand.Stap(["-p3"])).Using<PassTestCommand>(Same));

    [Test]
    public void A_tree_without_pass_directories_is_refused() =>
        Assert.Throws<DirectoryNotFoundException>(() => PassDirectory.Root(TestTree.Scratch("empty")));

    private const string InternalError =
        "semantic error: internal error: @entry is only valid in .return probes: operator '@entry' at x.stp:3:30\n" +
        "Pass 2: analysis failed.  [man error::pass2]\n";

    private static readonly string[] OkDirectories = ["parseok", "semok", "transok", "buildok"];
    private static readonly string[] KoDirectories = ["parseko", "semko", "transko", "buildko"];

    private static PassTest In(string directory) =>
        new(directory, $"/x/{directory}/a.stp", PassDirectory.Directories[directory], directory.EndsWith("ok"), new PassTestCommand.Stap(["-p2"]));

    // Upstream's rule for every "ok" directory: exit 0 passes, any other end fails.
    [TestCaseSource(nameof(OkDirectories))]
    public void An_ok_directory_passes_on_exit_zero_and_fails_otherwise(string directory)
    {
        var t = In(directory);
        Assert.That(PassTestJudge.Decide(t, 0, "", false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.Pass));
        Assert.That(PassTestJudge.Decide(t, 1, InternalError, false, TimeSpan.FromMinutes(5)), Is.EqualTo(
            (TestState.Fail, Culprit.ProbeEngine, "rejected: pass 2: semantic error: internal error: @entry is only valid in .return probes: " +
                "operator '@entry' at x.stp:3:30 Pass 2: analysis failed.  [man error::pass2] (exit 1)")));
        Assert.That(PassTestJudge.Decide(t, 139, "Segmentation fault", false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.Fail));
        Assert.That(PassTestJudge.Decide(t, -1, "", true, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.Fail));
    }

    // Upstream's rule for every "ko" directory: a crash fails; else an expected failure, XFAIL when stap refused, XPASS when it accepted.
    [TestCaseSource(nameof(KoDirectories))]
    public void A_ko_directory_expects_a_rejection_and_only_a_crash_fails(string directory)
    {
        var t = In(directory);
        var (state, culprit, reason) = PassTestJudge.Decide(t, 1, InternalError, false, TimeSpan.FromMinutes(5));
        Assert.That((state, culprit), Is.EqualTo((TestState.XFail, Culprit.None)), "\"internal error\" in a clean exit-1 rejection is no crash");
        Assert.That(reason, Does.StartWith("rejected as expected: pass 2: semantic error: internal error: @entry"));
        Assert.That(PassTestJudge.Decide(t, 0, "", false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.XPass));
        Assert.That(PassTestJudge.Decide(t, 127, "sh: 1: gcc: not found", false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.XFail));
        var crash = PassTestJudge.Decide(t, 134, "stap: elaborate.cxx:12: assertion 'x' failed.\nAborted", false, TimeSpan.FromMinutes(5));
        Assert.That((crash.State, crash.Culprit), Is.EqualTo((TestState.Fail, Culprit.ProbeEngine)));
        Assert.That(crash.Reason, Does.StartWith("translator crashed: killed by SIGABRT (6, exit 134)"));
        Assert.That(PassTestJudge.Decide(t, 139, "", false, TimeSpan.FromMinutes(5)).Reason, Does.Contain("SIGSEGV"));
        var hung = PassTestJudge.Decide(t, -1, "", true, TimeSpan.FromMinutes(5));
        Assert.That((hung.State, hung.Reason), Is.EqualTo((TestState.Fail, "did not finish within 300 s")));
    }

    [Test]
    public void A_refused_pass_five_is_untested_in_any_directory([ValueSource(nameof(AllDirectories))] string directory)
    {
        var (state, culprit, reason) = PassTestJudge.Decide(In(directory), PassTestJudge.RefusedPassFive,
            "ph-stap: pass 5 (loading the module) never runs on the host; this test needs a guest\n", false, TimeSpan.FromMinutes(5));
        Assert.That((state, culprit), Is.EqualTo((TestState.Untested, Culprit.None)));
        Assert.That(reason, Does.Contain("needs a guest"));
    }

    [Test]
    public void A_missing_prerequisite_of_an_ok_test_is_unsupported_and_of_a_ko_test_the_expected_rejection()
    {
        const string noDebuginfo = "semantic error: missing x86_64 kernel/module debuginfo [man warning::debuginfo]\nPass 2: analysis failed.\n";
        Assert.That(PassTestJudge.Decide(In("semok"), 1, noDebuginfo, false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.Unsupported));
        Assert.That(PassTestJudge.Decide(In("semko"), 1, noDebuginfo, false, TimeSpan.FromMinutes(5)).State, Is.EqualTo(TestState.XFail));
    }

    [Test]
    public void Under_W_the_first_warning_is_the_reason()
    {
        const string stderr = "WARNING: Eliding assignment to 'discarded': operator '=' at x.stp:3:25\n source: probe begin { discarded = 41 }\n" +
            "Pass 2: analysis failed.  [man error::pass2]\n";
        Assert.That(PassTestJudge.Decide(In("semko"), 1, stderr, false, TimeSpan.FromMinutes(5)).Reason, Is.EqualTo(
            "rejected as expected: pass 2: WARNING: Eliding assignment to 'discarded': operator '=' at x.stp:3:25 " +
            "Pass 2: analysis failed.  [man error::pass2] (exit 1)"));
    }

    [TestCase(0, null)]
    [TestCase(1, null)]
    [TestCase(125, null)]
    [TestCase(128, null)]
    [TestCase(139, "SIGSEGV (11, exit 139)")]
    [TestCase(134, "SIGABRT (6, exit 134)")]
    [TestCase(159, "signal (31, exit 159)")]
    [TestCase(160, null)]
    public void Exit_128_plus_n_is_signal_n(int exit, string? expected) => Assert.That(PassTestJudge.Signal(exit), Is.EqualTo(expected));

    private static IEnumerable<string> AllDirectories => PassDirectory.Directories.Keys;

    private static bool Same(PassTestCommand a, PassTestCommand b) =>
        a is PassTestCommand.Stap x && b is PassTestCommand.Stap y ? x.Arguments.SequenceEqual(y.Arguments) : Equals(a, b);

    private static string WriteTemp(string text)
    {
        var f = Path.Combine(TestTree.Scratch("nofirst"), "t.stp");
        File.WriteAllText(f, text);
        return f;
    }
}

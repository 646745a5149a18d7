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
            "semok/global.stp", "semko/type_mismatch.stp", "semko/undefined_function.stp",
            "transok/timer.stp", "transko/embedded_without_guru.stp", "buildok/kprobe_getpid.stp", "buildko/bad_embedded_c.stp",
        }));
        var heredoc = tests.Single(t => t.Name == "parseok/heredoc.stp");
        Assert.That(heredoc.Command, Is.EqualTo(new PassTestCommand.Script("/bin/sh")));
        var bad = tests.Single(t => t.Name == "buildko/bad_embedded_c.stp");
        Assert.That(((PassTestCommand.Stap)bad.Command).Arguments, Is.EqualTo(new[] { "-gp4" }));
        Assert.That(bad.MustAccept, Is.False);
        Assert.That(bad.Source, Is.EqualTo("systemtap.pass1-4/build.exp"));
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

    [TestCase(true, StapVerdictKind.Accepted, TestState.Pass)]
    [TestCase(true, StapVerdictKind.Rejected, TestState.Fail)]
    [TestCase(true, StapVerdictKind.Unsupported, TestState.Unsupported)]
    [TestCase(false, StapVerdictKind.Rejected, TestState.XFail)]
    [TestCase(false, StapVerdictKind.Unsupported, TestState.XFail)]
    [TestCase(false, StapVerdictKind.Accepted, TestState.XPass)]
    [TestCase(false, StapVerdictKind.Crashed, TestState.Fail)]
    [TestCase(true, StapVerdictKind.Hung, TestState.Fail)]
    [TestCase(false, StapVerdictKind.Hung, TestState.Fail)]
    public void Ok_files_must_be_accepted_ko_files_rejected_and_a_crash_fails_anywhere(bool ok, StapVerdictKind kind, TestState expected)
    {
        var t = new PassTest(ok ? "semok" : "semko", "/x/a.stp", 2, ok, new PassTestCommand.Stap(["-p2"]));
        var (state, _, reason) = PassTestJudge.Decide(t, new StapDiagnosis(kind, 2, "why"));
        Assert.That(state, Is.EqualTo(expected));
        if (state != TestState.Pass) Assert.That(reason, Is.Not.Null.And.Not.Empty);
    }

    private static bool Same(PassTestCommand a, PassTestCommand b) =>
        a is PassTestCommand.Stap x && b is PassTestCommand.Stap y ? x.Arguments.SequenceEqual(y.Arguments) : Equals(a, b);

    private static string WriteTemp(string text)
    {
        var f = Path.Combine(TestTree.Scratch("nofirst"), "t.stp");
        File.WriteAllText(f, text);
        return f;
    }
}

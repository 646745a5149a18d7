using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class StapOutputTests
{
    [TestCase(nameof(StapSamples.Pass4TaskWorkCancel), 4)]
    [TestCase(nameof(StapSamples.Pass2NoMatch), 2)]
    [TestCase(nameof(StapSamples.Pass1Parse), 1)]
    [TestCase(nameof(StapSamples.SetupNoTree), 0)]
    [TestCase(nameof(StapSamples.SemanticOnly), 2)]
    public void FailedPass_is_read_from_real_stderr(string sample, int pass) =>
        Assert.That(StapOutput.FailedPass(Sample(sample)), Is.EqualTo(pass));

    [Test]
    public void Success_output_has_no_failed_pass() =>
        Assert.That(StapOutput.FailedPass("WARNING: Kernel function symbol table missing [man warning::symbols]\n"), Is.Null);

    [Test]
    public void Pass4_reason_is_the_gcc_errors_then_the_pass_line()
    {
        var lines = StapOutput.Reason(StapSamples.Pass4TaskWorkCancel).Split('\n');
        Assert.That(lines[0], Does.StartWith("/usr/share/systemtap/runtime/stp_task_work.c:107:40: error: passing argument 2"));
        Assert.That(lines[1], Does.Contain("error: incompatible types when assigning"));
        Assert.That(lines[^1], Is.EqualTo("Pass 4: compilation failed.  [man error::pass4]"));
        Assert.That(lines, Has.None.StartsWith("Tip:").And.None.StartsWith("WARNING:"));
    }

    [Test]
    public void Semantic_reason_keeps_both_errors()
    {
        var reason = StapOutput.Reason(StapSamples.Pass2NoMatch);
        Assert.That(reason, Is.EqualTo(
            "semantic error: while resolving probe point: identifier 'kprobe' at <input>:1:7\n" +
            "semantic error: no match\n" +
            "Pass 2: analysis failed.  [man error::pass2]"));
    }

    [Test]
    public void Parse_and_setup_reasons()
    {
        Assert.That(StapOutput.Reason(StapSamples.Pass1Parse), Does.StartWith("parse error: expected literal string or number"));
        Assert.That(StapOutput.Reason(StapSamples.SetupNoTree), Is.EqualTo("ERROR: kernel release isn't found in \"/nonexistent\""));
    }

    [Test]
    public void Reason_falls_back_to_the_last_lines() =>
        Assert.That(StapOutput.Reason("something odd\nTip: read the docs\n"), Is.EqualTo("something odd"));

    [Test]
    public void Reason_is_bounded()
    {
        var many = string.Join("\n", Enumerable.Range(0, 50).Select(i => $"x.c:{i}:1: error: e{i}"));
        Assert.That(StapOutput.Reason(many).Split('\n'), Has.Length.EqualTo(StapOutput.MaxReasonLines));
    }

    [Test]
    public void Version_is_read_from_stap_version()
    {
        var v = StapRuntime.ParseVersion(StapSamples.Version48);
        Assert.That(v, Is.Not.Null);
        Assert.That(v!.Value.Version, Is.EqualTo("4.8"));
        Assert.That(v.Value.Full, Is.EqualTo("4.8/0.188, Debian version 4.8-2"));
    }

    private static string Sample(string name) =>
        (string)typeof(StapSamples).GetField(name)!.GetValue(null)!;
}

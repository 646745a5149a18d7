using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class StapDiagnosesTests
{
    [Test]
    public void Missing_kernel_debuginfo_is_unsupported_with_the_reason()
    {
        var d = StapDiagnoses.Of(1, "semantic error: while resolving probe point: identifier 'kernel' at a.stp:1:7\n" +
            "        source: probe kernel.function(\"vfs_read\") {\n" +
            "semantic error: missing x86_64 kernel/module debuginfo [man warning::debuginfo] under '/x/build'\n" +
            "Pass 2: analysis failed.  [man error::pass2]\n", false, TimeSpan.FromMinutes(1));
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported));
        Assert.That(d.Reason, Does.StartWith("needs kernel debuginfo"));
        Assert.That(d.Pass, Is.EqualTo(2));
    }

    [Test]
    public void A_signal_or_an_internal_error_is_a_crash_whatever_else()
    {
        Assert.That(StapDiagnoses.Of(139, "", false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Crashed));
        Assert.That(StapDiagnoses.Of(1, "internal error: bad thing\n", false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Crashed));
        Assert.That(StapDiagnoses.Of(-1, "", true, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Hung));
    }

    [Test]
    public void A_plain_rejection_names_the_pass()
    {
        var d = StapDiagnoses.Of(1, "parse error: expected statement\nPass 1: parse failed.  [man error::pass1]\n", false, TimeSpan.FromMinutes(1));
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(d.Reason, Does.StartWith("pass 1: parse error"));
    }

    [TestCase("semantic error: while resolving probe point: identifier 'kernel' at /usr/share/systemtap/tapset/linux/syscalls.stpm:4:5\nPass 2: analysis failed.  [man error::pass2]\n", "probe points")]
    [TestCase("semantic error: type definition 'socket' not found in 'kernel': operator '@cast' at pfiles.stp:10:3\nPass 2: analysis failed.  [man error::pass2]\n", "@cast")]
    public void Probe_points_and_types_that_need_DWARF_are_unsupported(string stderr, string why)
    {
        var d = StapDiagnoses.Of(1, stderr, false, TimeSpan.FromMinutes(1));
        Assert.That((d.Kind, d.Reason.StartsWith("needs kernel debuginfo"), d.Reason.Contains(why)), Is.EqualTo((StapVerdictKind.Unsupported, true, true)), d.Reason);
    }

    [Test]
    public void A_kprobe_on_a_symbol_the_kernel_lacks_stays_a_rejection() =>
        Assert.That(StapDiagnoses.Of(1, "semantic error: while resolving probe point: identifier 'kprobe' at fsslower-nd.stp:6:7\nPass 2: analysis failed.  [man error::pass2]\n",
            false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Rejected));
}

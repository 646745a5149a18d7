using NUnit.Framework;
using ProbeHarness.Profiling;

namespace ProbeHarness.Tests.Profiling;

public class ProcStatTests
{
    [Test]
    public void Fields_are_counted_after_the_command_name_even_when_it_holds_spaces_and_parentheses()
    {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        var s = ProcStat.Parse("4242 (qemu (x) 1) S 1 4242 4242 0 -1 4194560 100 200 0 0 150 25 3000 400 20 0 3 0 1000 0 0");
        Assert.That(s, Is.EqualTo(new ProcStat(1500, 250, 30000, 4000)));
    }

    [Test]
    public void A_truncated_line_is_no_figure() => Assert.That(ProcStat.Parse("1 (init) S 0 1"), Is.Null);

    [Test]
    public void The_harness_reads_its_own_times()
    {
        var self = ProcStat.Self();
        Assert.That(self, Is.Not.Null);
        Assert.That(self!.UserMs + self.SysMs, Is.GreaterThan(0), "a test host has used some CPU by now");
    }
}

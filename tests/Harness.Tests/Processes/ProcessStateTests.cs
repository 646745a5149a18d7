using NUnit.Framework;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Processes;

public class ProcessStateTests
{
    [TestCase("1234 (qemu-system-x86) T 1 2 3", 'T')]
    [TestCase("1234 (a) b) S 1 2 3", 'S')]
    [TestCase("99 (sh) Z 1", 'Z')]
    public void The_state_follows_the_last_parenthesis(string stat, char state) =>
        Assert.That(ProcessState.Of(stat), Is.EqualTo(state));

    [Test]
    public void A_line_without_a_command_has_no_state() => Assert.That(ProcessState.Of("garbage"), Is.Null);

    [Test]
    public void A_stopped_child_reads_as_stopped_and_a_running_one_not()
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", ["30"]))!;
        try
        {
            Assert.That(ProcessState.IsStopped(p.Id), Is.False);
            RunProcesses.Signal(p.Id, "STOP");
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!ProcessState.IsStopped(p.Id) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.That(ProcessState.IsStopped(p.Id), Is.True);
            Assert.That(RunProcesses.WithArgument("sleep 30").Select(x => x.Pid), Does.Contain(p.Id));
        }
        finally { p.Kill(); p.WaitForExit(); }
        Assert.That(ProcessState.IsStopped(p.Id), Is.False, "a reaped process is not stopped");
    }
}

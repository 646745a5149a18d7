using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Processes;

public class ChildProcessesTests
{
    [Test]
    public void An_arguments_string_is_refused_rather_than_dropped()
    {
        var e = Assert.ThrowsAsync<ArgumentException>(() => ChildProcesses.StartAsync(new ProcessStartInfo("sleep", "infinity")));
        Assert.That(e!.Message, Does.Contain("ArgumentList").And.Contain("'infinity'"));
    }

    [Test]
    public async Task An_argument_list_reaches_the_child()
    {
        var child = await ChildProcesses.StartAsync(new ProcessStartInfo("sh", ["-c", "exit 7"]) { UseShellExecute = false });
        await child.WaitForExitAsync();
        Assert.That(child.ExitCode, Is.EqualTo(7));
    }
}

using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>No QEMU survives the harness: not on Ctrl-C (SIGINT), not when the harness is killed outright.</summary>
[Category("RealBoot")]
[NonParallelizable]
public class TeardownTests
{
    [TestCase("INT")]
    [TestCase("KILL")]
    public async Task Ending_the_harness_ends_its_guests(string signal)
    {
        await RealGuest.GetAsync(); // the kernel and images are in the cache before the clock matters
        var harness = Path.Combine(TestContext.CurrentContext.TestDirectory, "harness.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { harness, "run", "--engine", "kprobe_events", "--out", Path.Combine(Path.GetTempPath(), "ph-teardown") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        int? qemu = null;
        for (var i = 0; i < 900 && qemu is null && !p.HasExited; i++)
        {
            await Task.Delay(200);
            var r = await Tool.RunAsync("pgrep", ["-P", p.Id.ToString(), "-f", "qemu-system"], TimeSpan.FromSeconds(5));
            if (r.Ok) qemu = int.Parse(r.Stdout.Split('\n')[0]);
        }
        Assert.That(qemu, Is.Not.Null, "the harness started a guest");
        await Tool.CheckAsync("kill", [$"-{signal}", p.Id.ToString()], TimeSpan.FromSeconds(5));
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        // Polled, not slept: QEMU dies of its parent-death signal soon, later on a loaded machine.
        for (var i = 0; i < 1200 && Alive(qemu!.Value); i++) await Task.Delay(100);
        Assert.That(Alive(qemu!.Value), Is.False, $"QEMU {qemu} still runs after SIG{signal} to the harness");
    }

    private static bool Alive(int pid)
    {
        var status = $"/proc/{pid}/status";
        return File.Exists(status) && !File.ReadAllText(status).Contains("zombie");
    }
}

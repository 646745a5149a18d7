using NUnit.Framework;
using ProbeHarness.Conformance;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Conformance;

/// <summary>The shim's bash against a fake stap that prints its arguments: no translator needed.</summary>
public class StapShimTests
{
    private static (HostCommand Commands, string Dir) Setup()
    {
        var dir = TestTree.Scratch("shim");
        var fake = Path.Combine(dir, "fake-stap");
        File.WriteAllText(fake, "#!/bin/sh\nfor a; do echo \"[$a]\"; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var shim = StapShim.Write(Path.Combine(dir, "bin"), fake, ["-r", "/k/build", "-R", "/rt dir"]);
        return (new HostCommand(shim, Path.Combine(dir, "cache")), dir);
    }

    [TestCase("-p4")]
    [TestCase("-gp4")]
    [TestCase("-wp2")]
    [TestCase("-l")]
    [TestCase("-V")]
    public async Task Passes_one_to_four_and_listings_reach_stap_with_the_target_first(string option)
    {
        var (c, dir) = Setup();
        var r = await c.ShellAsync($"stap {option} 'kernel.function(\"x\")' script.stp", dir, TimeSpan.FromMinutes(2), default);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stdout, Does.StartWith("[-r]\n[/k/build]\n[-R]\n[/rt dir]\n[" + option + "]\n"));
    }

    [TestCase("stap script.stp")]
    [TestCase("stap -gp5 script.stp")]
    [TestCase("stap -Gp=4 script.stp -c 'sleep 1'")]
    public async Task Pass_five_never_runs_on_the_host(string line)
    {
        var (c, dir) = Setup();
        var r = await c.ShellAsync(line, dir, TimeSpan.FromMinutes(2), default);
        Assert.That(r.ExitCode, Is.EqualTo(125));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("never runs on the host"));
    }

    [Test]
    public async Task In_record_mode_a_build_that_stops_at_pass_four_is_counted_not_recorded()
    {
        var (c, dir) = Setup();
        var record = Path.Combine(dir, "record");
        Directory.CreateDirectory(record);
        var r = await (c with { RecordDirectory = record }).ShellAsync("stap -p4 -Itapset/ game.stp && stap -p4 game.stp", dir, TimeSpan.FromMinutes(2), default);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(record, "host")).Trim(), Is.EqualTo("2"));
        Assert.That(File.Exists(Path.Combine(record, "count")), Is.False, "nothing to load in a guest");
    }
    [Test]
    public async Task A_shim_written_again_while_parallel_tests_run_it_never_loses_the_target()
    {
        // Parallel examples write the shared shim again while bash is still reading it.
        var (c, dir) = Setup();
        var fake = Path.Combine(dir, "fake-stap");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                StapShim.Write(c.ShimDirectory, fake, ["-r", "/k/build", "-R", "/rt dir", "-DX" + Random.Shared.Next(2)]);
            }
        });
        var calls = Enumerable.Range(0, 60).Select(_ => c.ShellAsync("stap -p4 script.stp", dir, TimeSpan.FromMinutes(2), default)).ToList();
        var results = await Task.WhenAll(calls);
        stop.Cancel();
        await writer;
        Assert.That(results.Where(r => r.ExitCode != 0 || !r.Stdout.StartsWith("[-r]\n[/k/build]\n")).Select(r => $"{r.ExitCode}: {r.Stdout}{r.Stderr}"),
            Is.Empty);
    }
}

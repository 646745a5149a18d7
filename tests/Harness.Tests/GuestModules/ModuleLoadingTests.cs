using NUnit.Framework;
using ProbeHarness.Engines;
using ProbeHarness.GuestModules;

namespace ProbeHarness.Tests.GuestModules;

public class ModuleLoadingTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ph-modload-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static PreparedProbe Probe() =>
        new(true, null, null, "", [new GuestFile("/tmp/x.ko", "/host/x.ko")], "echo engine\nexit 0\n", TimeSpan.Zero) { ProbedFunctions = ["f"] };

    [Test]
    public void The_engine_script_runs_unchanged_between_load_and_unload()
    {
        var module = new BuiltModule("phstress", "/cache/phstress.ko", "k");
        var script = Path.Combine(_dir, "engine.sh");
        var w = ModuleLoading.Wrap(Probe(), [module], script);
        Assert.That(File.ReadAllText(script), Is.EqualTo("echo engine\nexit 0\n"));
        Assert.That(w.Files.Select(f => f.GuestPath), Is.EqualTo(new[] { "/tmp/x.ko", module.GuestPath, ModuleLoading.EngineScript }));
        Assert.That(w.ProbedFunctions, Is.EqualTo(new[] { "f" }));
        var lines = w.GuestScript.Split('\n');
        var insmod = Array.FindIndex(lines, l => l.StartsWith("insmod '/usr/lib/probe-harness/modules/phstress.ko'"));
        var engine = Array.IndexOf(lines, $"sh {ModuleLoading.EngineScript}");
        var rmmod = Array.FindIndex(lines, l => l.StartsWith("rmmod phstress"));
        Assert.That(insmod, Is.GreaterThanOrEqualTo(0));
        Assert.That(engine, Is.GreaterThan(insmod));
        Assert.That(rmmod, Is.GreaterThan(engine));
        Assert.That(w.GuestScript, Does.Contain($"exit {ModuleLoading.LoadFailed}").And.Contain($"rc={ModuleLoading.UnloadFailed}"));
        Assert.That(w.GuestScript, Does.Contain("/proc/phstress"));
    }

    [Test]
    public void Without_modules_or_for_a_failed_or_host_only_probe_nothing_changes()
    {
        var p = Probe();
        var m = new BuiltModule("phstress", "/c/phstress.ko", "k");
        Assert.That(ModuleLoading.Wrap(p, [], Path.Combine(_dir, "a.sh")), Is.SameAs(p));
        var failed = PreparedProbe.Failed(4, "no", "", TimeSpan.Zero);
        Assert.That(ModuleLoading.Wrap(failed, [m], Path.Combine(_dir, "b.sh")), Is.SameAs(failed));
        var hostOnly = PreparedProbe.HostDone("", TimeSpan.Zero);
        Assert.That(ModuleLoading.Wrap(hostOnly, [m], Path.Combine(_dir, "c.sh")), Is.SameAs(hostOnly));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }
}

using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Stress;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Suites;

/// <summary>The suite keys of the kretprobe stress suite: modules and the count oracles.</summary>
public class SuiteLoaderStressTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("suite-stress-").FullName;
        File.WriteAllText(Path.Combine(_dir, "a.kprobe"), "r2:p f\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private Suite Load(string test) =>
        SuiteLoader.Parse("suite: t\ntests:\n  - name: one\n    script: a.kprobe\n    workload: w\n" + test, Path.Combine(_dir, "suite.yaml"));

    [Test]
    public void The_kretprobe_stress_suite_loads_with_its_module_and_oracles()
    {
        var s = SuiteLoader.Load("kretprobe-stress");
        Assert.That(s.Tests, Has.All.Matches<SuiteTest>(t => t.Modules.SequenceEqual(["phstress"])));
        Assert.That(s.Tests.Select(t => t.Expect.Oracle).OfType<KretprobeMissOracle>().Select(o => o.Tasks), Has.Some.EqualTo(6));
        Assert.That(s.Tests.Select(t => t.Expect.Oracle).OfType<NoMissOracle>(), Is.Not.Empty);
        foreach (var engine in new[] { "kprobe_events", "systemtap" })
            Assert.That(s.Tests.Where(t => t.IsFor(engine)).Select(t => t.Expect.Oracle).OfType<KretprobeMissOracle>(), Is.Not.Empty, engine);
    }

    [Test]
    public void Modules_and_the_miss_oracle_are_read()
    {
        var t = Load("    modules: [phstress]\n    expect:\n      kretprobe-misses: {probe: p, function: f, tasks: 6, maxactive: 2}\n").Tests[0];
        Assert.That(t.Modules, Is.EqualTo(new[] { "phstress" }));
        Assert.That(t.Expect.Oracle, Is.EqualTo(new KretprobeMissOracle("p", "f", 6, 2)));
    }

    [TestCase("    modules: [nosuch]\n    expect: {exit: 0}\n", "module 'nosuch'")]
    [TestCase("    expect:\n      kretprobe-misses: {probe: p, function: f, tasks: 0, maxactive: 2}\n", "tasks is a positive number")]
    [TestCase("    expect:\n      kretprobe-misses: {probe: p, tasks: 6, maxactive: 2}\n", "needs 'function'")]
    [TestCase("    expect:\n      kretprobe-misses: {probe: p, function: f, tasks: 6, maxactive: 2, extra: 1}\n", "extra")]
    [TestCase("    expect:\n      kretprobe-misses: {probe: p, function: f, tasks: 6, maxactive: 2}\n      kretprobe-no-misses: {probe: p, function: f}\n", "exclude each other")]
    public void Mistakes_name_the_file_and_line(string test, string message)
    {
        var e = Assert.Throws<DataFileException>(() => Load(test));
        Assert.That(e!.Message, Does.Contain("suite.yaml:").And.Contain(message));
    }
}

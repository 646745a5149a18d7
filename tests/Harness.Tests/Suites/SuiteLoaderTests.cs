using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Suites;

public class SuiteLoaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "a.stp"), "probe begin { exit() }\n");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private Suite Load(string yaml)
    {
        var file = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(file, yaml);
        return SuiteLoader.Load(_dir);
    }

    [Test]
    public void The_smoke_suite_loads_with_every_kind_of_expectation()
    {
        var s = SuiteLoader.Load("smoke");
        Assert.That(s.Name, Is.EqualTo("smoke"));
        Assert.That(s.Tests.Select(t => t.Name), Is.Unique);
        Assert.That(s.Tests.Any(t => t.Expect.Output is not null), "an exact-output test");
        Assert.That(s.Tests.Any(t => t.Expect.XFail is not null), "an XFAIL test");
        Assert.That(s.Tests.Any(t => t.Expect.KFail is { Bug: not null }), "a KFAIL test with a bug reference");
        Assert.That(s.Tests.Any(t => t.Expect.Crash is { Culprit: "kernel" }), "a crash test");
        Assert.That(s.Tests.Where(t => t.Expect.Output is not null).Select(t => t.Expect.Output),
            Has.Some.Contains("1000"), "exact counts, not > 0");
    }

    private const string OneTest = """
            tests:
              - name: one
                script: a.stp
                expect: {exit: 0}
            """;

    [Test]
    public void A_suite_gets_pristine_guests_unless_it_asks_to_share_one()
    {
        Assert.That(Load("suite: t\n" + OneTest).Guest, Is.EqualTo(GuestMode.Pristine));
        Assert.That(Load("suite: t\nguest: pristine\n" + OneTest).Guest, Is.EqualTo(GuestMode.Pristine));
        Assert.That(Load("suite: t\nguest: shared\n" + OneTest).Guest, Is.EqualTo(GuestMode.Shared));
        Assert.That(SuiteLoader.Load("smoke").Guest, Is.EqualTo(GuestMode.Pristine), "the smoke suite isolates its tests");
    }

    [TestCase("guest: fresh", "not 'fresh'")]
    [TestCase("guest: [pristine]", "single value")]
    [TestCase("guests: shared", "unknown suite key 'guests'")]
    public void A_bad_guest_setting_names_the_file_and_its_line(string line, string says)
    {
        var e = Assert.Throws<DataFileException>(() => Load($"suite: t\ndescription: d\n{line}\n" + OneTest))!;
        Assert.That(e.File, Does.EndWith("suite.yaml"));
        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain(says).And.StartWith(e.File + ":3:"));
    }

    [Test]
    public void A_test_reads_every_field()
    {
        var s = Load("""
            suite: t
            tests:
              - name: one
                engines: [systemtap]
                arches: x86_64
                script: a.stp
                workload: phload getpid 3
                timeout: 30
                runtime: stock
                guru: true
                expect:
                  output: |
                    x=3
                  exit: 1
            """);
        var t = s.Tests.Single();
        Assert.That(t.Engines, Is.EqualTo(new[] { "systemtap" }));
        Assert.That(t.Arches, Is.EqualTo(new[] { "x86_64" }));
        Assert.That(t.ScriptPath, Is.EqualTo(Path.Combine(_dir, "a.stp")));
        Assert.That((t.Workload, t.Timeout, t.Runtime, t.Guru), Is.EqualTo(("phload getpid 3", TimeSpan.FromSeconds(30), "stock", true)));
        Assert.That((t.Expect.Output, t.Expect.Exit), Is.EqualTo(("x=3\n", 1)));
        Assert.That(t.Source, Does.EndWith("suite.yaml:3"));
    }

    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    colour: red\n    expect: {output: x}\n", 5, "unknown test key 'colour'")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: missing.stp\n    expect: {output: x}\n", 4, "does not exist")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    expect: {xfail: why, crash: {culprit: kernel}}\n", 5, "at most one of")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    expect: {output-matches: '(unclosed'}\n", 5, "bad regular expression")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    timeout: soon\n    expect: {output: x}\n", 5, "timeout")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    pass: 2\n    expect: {output: x}\n", 6, "stops at pass 2")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    pass: 2\n    expect: {fails-at-pass: 4}\n", 6, "after the last pass")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    needs: [magic]\n    expect: {output: x}\n", 5, "unknown prerequisite")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    when: {kernels: newest}\n    expect: {output: x}\n", 5, "kernels:")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    expect: {kfail: just words}\n", 5, "kfail is a mapping")]
    [TestCase("suite: t\ntests:\n  - name: a\n    script: a.stp\n    expect: {output: x}\n  - name: a\n    script: a.stp\n    expect: {output: x}\n", 6, "defined twice")]
    [TestCase("suite: t\ntests: [\n", 3, "")]
    [TestCase("tests: []\n", 1, "missing 'suite'")]
    public void Bad_input_names_the_file_and_line(string yaml, int line, string words)
    {
        var e = Assert.Throws<DataFileException>(() => Load(yaml))!;
        Assert.That(e.File, Does.EndWith("suite.yaml"));
        Assert.That(e.Line, Is.EqualTo(line), e.Message);
        Assert.That(e.Message, Does.StartWith(e.File + ":" + line + ": ").And.Contains(words));
    }

    [Test]
    public void Passes_conditions_and_expiring_failures_are_read()
    {
        var s = Load("""
            suite: t
            tests:
              - name: rejected
                script: a.stp
                pass: 2
                expect:
                  fails-at-pass: 2
              - name: known
                script: a.stp
                when: {arches: [x86_64, arm64], kernels: ">=6.1"}
                needs: [guru]
                expect:
                  output: ok
                  kfail:
                    reason: broken runtime
                    bug: PR1
                    when: {engine-versions: "4.8"}
              - name: expected
                script: a.stp
                expect:
                  xfail: {reason: no debuginfo, bug: none, when: {kernels: "<6.12"}}
            """);
        var (rejected, known, expected) = (s.Tests[0], s.Tests[1], s.Tests[2]);
        Assert.That((rejected.LastPass, rejected.Expect.FailsAtPass), Is.EqualTo((2, (int?)2)));
        Assert.That(known.When.Arches, Is.EqualTo(new[] { "x86_64", "arm64" }));
        Assert.That(known.When.Kernels!.Text, Is.EqualTo(">=6.1"));
        Assert.That(known.Guru, "needs: [guru] turns guru mode on");
        Assert.That(known.Expect.KFail!.When.EngineVersions!.Text, Is.EqualTo("4.8"));
        Assert.That((expected.Expect.XFail, expected.Expect.XFailBug, expected.Expect.XFailWhen.Kernels!.Text), Is.EqualTo(("no debuginfo", "none", "<6.12")));
        var cell = new CellFacts("ppc64le", "6.1.0-56-powerpc64le", "systemtap", "4.8", false);
        Assert.That(known.Unsupported(cell), Does.Contain("ppc64le"));
    }

    [Test]
    public void An_unknown_suite_name_says_where_it_looked()
    {
        Assert.That(() => SuiteLoader.Load("no-such-suite"), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("no-such-suite"));
    }
}

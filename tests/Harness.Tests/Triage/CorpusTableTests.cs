using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Corpus;
using TableCase = ProbeHarness.Corpus.CorpusCase;

namespace ProbeHarness.Tests.Triage;

/// <summary>
/// The corpus and the table that regenerates it (vmimages/crashmod/cases.yaml) say the same thing:
/// every log has its case, with the same expectations, so `harness corpus` reproduces what the
/// corpus test checks.
/// </summary>
public class CorpusTableTests
{
    private static IReadOnlyList<TableCase> Table() =>
        CorpusCaseLoader.Load(Path.Combine(Corpus.Directory, "..", "..", "..", "..", "vmimages", "crashmod", "cases.yaml"));

    public static IEnumerable<TestCaseData> Logs() =>
        Corpus.Cases().Select(c => new TestCaseData(c).SetName($"InTable({c})"));

    [TestCaseSource(nameof(Logs))]
    public void EveryLogHasItsCaseWithTheSameExpectations(CorpusCase log)
    {
        var row = Table().SingleOrDefault(c => c.Name == log.Name && c.RunsOn(log.Arch));
        Assert.That(row, Is.Not.Null, $"no case '{log.Name}' for {log.Arch} in cases.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(row!.Expect.Title, Is.EqualTo(log.Title));
            Assert.That(row.Expect.Type, Is.EqualTo(log.Type));
            Assert.That(row.Expect.Culprit, Is.EqualTo(log.Culprit));
            Assert.That(row.Expect.Corrupted, Is.EqualTo(log.Corrupted));
            if (row.Expect.Probe == "module") Assert.That(log.Probe, Does.StartWith("stap_"));
            else Assert.That(log.Probe, Is.EqualTo(row.Expect.Probe));
        });
    }

    [Test]
    public void TheStapCrashSuiteExpectsWhatTheCorpusTitles()
    {
        // vmimages/crashmod/stap/suite.yaml runs the same scripts as a suite; its title-matches must
        // match the titles the corpus pins, or a run of that suite would judge them wrong.
        var suite = ProbeHarness.Suites.SuiteLoader.Load(Path.Combine(Corpus.Directory, "..", "..", "..", "..", "vmimages", "crashmod", "stap", "suite.yaml"));
        var table = Table();
        Assert.That(suite.Tests, Is.Not.Empty);
        foreach (var t in suite.Tests)
        {
            var row = table.Single(c => c.Name == t.Name);
            Assert.That(t.Expect.Crash?.TitleMatches, Is.Not.Null, t.Name);
            Assert.That(row.Expect.Title, Does.Match(t.Expect.Crash!.TitleMatches!), t.Name);
        }
    }

    [Test]
    public void TableLoadsAndItsStapScriptsExist()
    {
        var table = Table();
        Assert.That(table, Is.Not.Empty);
        foreach (var c in table.Where(c => c.Stap is not null)) Assert.That(File.Exists(c.Stap), c.Name);
    }

    [TestCase("cases: [{name: a, expect: {title: x, culprit: Kernel}}]", "exactly one of run, stap, truncate-from")]
    [TestCase("cases: [{name: a, run: x, stap: y.stp, expect: {title: x, culprit: Kernel}}]", "exactly one of run, stap, truncate-from")]
    [TestCase("cases: [{name: a, run: x, expect: {title: x, culprit: Kernel}}, {name: a, run: y, expect: {title: x, culprit: Kernel}}]", "already defined")]
    [TestCase("cases: [{name: a, run: x, bogus: 1, expect: {title: x, culprit: Kernel}}]", "unknown case key 'bogus'")]
    [TestCase("cases: [{name: 'a/b', run: x, expect: {title: x, culprit: Kernel}}]", "is a file name")]
    [TestCase("cases: [{name: a, run: x, cpus: zero, expect: {title: x, culprit: Kernel}}]", "positive number")]
    [TestCase("cases: [{name: a, truncate-from: b, expect: {title: x, culprit: Kernel}}]", "not a booted case")]
    [TestCase("cases: [{name: a, run: x}]", "needs an 'expect'")]
    [TestCase("cases: [{name: a, run: x, needs-config: [KASAN], expect: {title: x, culprit: Kernel}}]", "'KASAN' is not a kernel option")]
    [TestCase("cases: [{name: a, run: x, needs-config: [CONFIG_kasan], expect: {title: x, culprit: Kernel}}]", "'CONFIG_kasan' is not a kernel option")]
    public void BadTablesNameTheFileAndLine(string yaml, string message)
    {
        var e = Assert.Throws<DataFileException>(() => CorpusCaseLoader.Parse(yaml, "/x/cases.yaml"))!;
        Assert.That(e.Message, Does.StartWith("/x/cases.yaml:1:").And.Contain(message));
    }

    [Test]
    public void ACaseNeedingKernelOptionsRunsOnlyWhereTheConfigSetsThemAll()
    {
        var c = CorpusCaseLoader.Parse("cases:\n- {name: k, run: a, needs-config: [CONFIG_KASAN, CONFIG_PROVE_LOCKING], expect: {title: x, culprit: Kernel}}\n", "/x/cases.yaml").Single();
        Assert.Multiple(() =>
        {
            Assert.That(c.MissingConfig(["CONFIG_KASAN=y", "CONFIG_PROVE_LOCKING=y"]), Is.Empty);
            Assert.That(c.MissingConfig(["CONFIG_KASAN=y", "# CONFIG_PROVE_LOCKING is not set"]), Is.EqualTo(new[] { "CONFIG_PROVE_LOCKING" }));
            Assert.That(c.MissingConfig(["CONFIG_KASAN_GENERIC=y"]), Is.EqualTo(new[] { "CONFIG_KASAN", "CONFIG_PROVE_LOCKING" }));
            Assert.That(c.MissingConfig([]), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void SameNameOnDisjointArchesIsAllowed()
    {
        var t = CorpusCaseLoader.Parse(
            "cases:\n- {name: stack, arches: [x86_64], run: a, expect: {title: x, culprit: Kernel}}\n" +
            "- {name: stack, arches: [arm64], run: b, expect: {title: y, culprit: Kernel}}\n", "/x/cases.yaml");
        Assert.That(t.Select(c => c.Run), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void TruncationCutsThreeLinesIntoTheCallTrace()
    {
        var text = "Linux version x\nBUG: kernel NULL pointer dereference\nCall Trace:\n <TASK>\n f+0x1/0x2\n g+0x1/0x2\n h+0x1/0x2\n";
        Assert.That(CorpusLog.Truncate(text), Is.EqualTo("Linux version x\nBUG: kernel NULL pointer dereference\nCall Trace:\n <TASK>\n f+0x1/0x2\n g+0x1/0x2\n"));
    }

    [Test]
    public void CleaningDropsFirmwareAndEscapes()
    {
        var console = "\x1b[2J\x1bcSeaBIOS\r\nBooting\r\nProbing EDD... ok[    0.000000] Linux version 6.1\r\n[    0.1] next\r\n";
        Assert.That(CorpusLog.Clean(console), Is.EqualTo("Probing EDD... ok[    0.000000] Linux version 6.1\n[    0.1] next\n"));
    }
}

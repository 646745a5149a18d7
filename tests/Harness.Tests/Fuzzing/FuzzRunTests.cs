using NUnit.Framework;
using ProbeHarness.Fuzzing;

namespace ProbeHarness.Tests.Fuzzing;

public class FuzzRunTests
{
    [Test]
    public async Task A_crash_is_minimized_and_stored_once_with_its_reproducer_and_known_next_time()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fuzz-findings-{Guid.NewGuid():N}");
        try
        {
            var crash = new TranslatorOutcome(2, "crash", "assertion translate.cxx: f: x");
            Task<(TranslatorOutcome, string)> Oracle(StapScript s, string name, CancellationToken ct) =>
                Task.FromResult(StapPrinter.Print(s).Contains("printf(") ? (crash, "stap: translate.cxx:1: f: Assertion `x' failed.")
                    : (new TranslatorOutcome(3, "ok", ""), ""));
            var findings = new FuzzFindings(dir);
            FuzzRun Run() => new(new FuzzOptions(TimeSpan.FromMinutes(10), 5, 2, MinimizeBudget: 400, MaxScripts: 20), new ScriptGenerator(FuzzVocabulary.Builtin), findings, Oracle,
                s => ["stap", "-p3", "script.stp"], o => FuzzFindings.Of(o, "systemtap-4.8", "6.1.0-56-amd64", "x86_64", findings.FolderOf(o.Signature)));
            var first = await Run().RunAsync(_ => { }, CancellationToken.None);
            // Bounded by count, not time: a loaded host generates fewer scripts a second, never other ones.
            Assert.That(first.Scripts, Is.EqualTo(20));
            Assert.That(first.Findings, Has.Count.EqualTo(1));
            var f = first.Findings.Single();
            Assert.That(f.Finding.Kind, Is.EqualTo("translator-crash"));
            Assert.That(f.Finding.Where!.Engine, Is.EqualTo("systemtap-4.8"));
            var folder = findings.FolderOf(crash.Signature);
            Assert.That(File.ReadAllText(Path.Combine(folder, "signature.txt")).Trim(), Is.EqualTo(crash.Signature));
            var script = File.ReadAllText(Path.Combine(folder, "script.stp"));
            Assert.That(script, Does.Contain("printf("));
            Assert.That(StapTree.Size(StapParser.Parse(script)), Is.LessThan(StapTree.Size(f.Original)));
            Assert.That(File.ReadAllText(Path.Combine(folder, "command.txt")), Does.Contain("-p3"));
            var second = await Run().RunAsync(_ => { }, CancellationToken.None);
            Assert.That(second.Findings, Is.Empty);
            Assert.That(second.Known, Has.Member(crash.Signature));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
    [Test]
    public async Task A_script_the_campaign_itself_stopped_at_the_end_of_its_duration_is_not_a_finding()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fuzz-findings-{Guid.NewGuid():N}");
        try
        {
            // Like a stap whose module build outlives the duration: it ends only when the campaign stops it,
            // and reports the signal it got (the oracle sees "killed by signal 15").
            async Task<(TranslatorOutcome, string)> Oracle(StapScript s, string name, CancellationToken ct)
            {
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { }
                return (TranslatorOutcome.Classify(128 + 15, false, "Pass 1: parsed\n", 3), "");
            }
            var findings = new FuzzFindings(dir);
            var run = new FuzzRun(new FuzzOptions(TimeSpan.FromMilliseconds(300), 5, 2), new ScriptGenerator(FuzzVocabulary.Builtin), findings, Oracle,
                s => ["stap", "-p3", "script.stp"], o => FuzzFindings.Of(o, "systemtap-4.8", "6.1.0-56-amd64", "x86_64", findings.FolderOf(o.Signature)));
            var report = await run.RunAsync(_ => { }, CancellationToken.None);
            Assert.That(report.Findings, Is.Empty);
            Assert.That(report.Scripts, Is.Zero, "a script cut off by the campaign is not counted");
            Assert.That(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any(), Is.False);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

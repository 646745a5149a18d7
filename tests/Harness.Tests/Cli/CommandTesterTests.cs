using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Testing;
using Spectre.Console.Testing;

namespace ProbeHarness.Tests.Cli;

/// <summary>The commands through Spectre's command tester: exit codes and what they print, nothing booted.</summary>
public class CommandTesterTests
{
    private string _dir = "";
    private StringWriter _out = new(), _err = new();

    [SetUp]
    public void MakeDir()
    {
        _dir = Directory.CreateTempSubdirectory("ph-tester-").FullName;
        (_out, _err) = (new StringWriter(), new StringWriter());
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private CommandAppTester Tester()
    {
        var tester = new CommandAppTester();
        tester.Console.Width(400);
        tester.Configure(c =>
        {
            HarnessApp.Configure(c);
            c.Settings.Registrar.RegisterInstance(new CliStreams(_out, _err));
        });
        return tester;
    }

    [TestCase("run", "--arch", "mips", "unknown architecture 'mips'")]
    [TestCase("run", "--kernel", "bookworm:6.1.0-xx", "'xx' after 6.1.0 is neither an ABI number")]
    [TestCase("bench", "boot", "--runs=0", "--runs must be at least 1, not 0")]
    [TestCase("triage", "--arch", "mips", "/etc/hostname", "unknown architecture 'mips'")]
    public void Settings_are_validated_before_the_command_runs(params string[] argsAndWords)
    {
        var failure = Tester().RunAndCatch<CommandRuntimeException>(argsAndWords[..^1]);
        Assert.That(failure.Exception.Message, Does.Contain(argsAndWords[^1]));
        Assert.That(_out.ToString() + _err, Is.Empty, "nothing ran");
    }

    [Test]
    public void Help_lists_the_options_and_exits_0()
    {
        var result = Tester().Run("run", "--help");
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Output, Does.Contain("--stap-testsuite").And.Contain("--matrix").And.Contain("--engine"));
    }

    [Test]
    public void Report_lists_finished_aborted_and_unfinished_runs()
    {
        var db = Path.Combine(_dir, "h.sqlite");
        using (var store = ResultStores.Open(db))
        {
            foreach (var id in new[] { "done", "stopped", "died" })
                store.BeginRun(new RunInfo(id, "smoke", DateTimeOffset.UtcNow, "host", Path.Combine(_dir, id), "0"));
            store.FinishRun("done", 0, DateTimeOffset.UtcNow);
            store.AbortRun("stopped", "harness: interrupted", 130, DateTimeOffset.UtcNow);
        }
        var result = Tester().Run("report", "--db", db);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        var rows = result.Output.Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(rows.Single(r => r.Contains("done")), Does.Contain("│ 0"));
            Assert.That(rows.Single(r => r.Contains("stopped")), Does.Contain("aborted (130): harness: interrupted"));
            Assert.That(rows.Single(r => r.Contains("died")), Does.Contain("unfinished"));
        });
    }

    [Test]
    public void Report_of_a_run_exits_with_its_gate()
    {
        var db = Path.Combine(_dir, "h.sqlite");
        using (var store = ResultStores.Open(db))
        {
            store.BeginRun(new RunInfo("r", "smoke", DateTimeOffset.UtcNow, "host", Path.Combine(_dir, "r"), "0"));
            store.Record(new TestResult("smoke", "a", new Cell("x86_64", "k", "e"), TestState.Unresolved, Culprit.Infrastructure,
                "no guest", TimeSpan.Zero, ""));
        }
        var result = Tester().Run("report", "r", "--db", db, "--out", Path.Combine(_dir, "files"));
        Assert.That(result.ExitCode, Is.EqualTo(2), "UNRESOLVED: not judged");
        Assert.That(File.ReadAllText(Path.Combine(_dir, "files", "smoke.sum")), Does.Contain("UNRESOLVED: a"));
    }

    [Test]
    public void Triage_of_a_folder_reads_its_console_logs_recursively_in_name_order()
    {
        var crash = Triage.Corpus.Cases().First(c => c.Arch == "x86_64" && c.Name == "null").Path;
        var logs = Path.Combine(_dir, "logs");
        Directory.CreateDirectory(Path.Combine(logs, "b"));
        Directory.CreateDirectory(Path.Combine(logs, "a", "deep"));
        File.Copy(crash, Path.Combine(logs, "b", "console.log"));
        File.Copy(crash, Path.Combine(logs, "a", "deep", "console.log"));
        File.Copy(crash, Path.Combine(logs, "z.log"));
        File.WriteAllText(Path.Combine(logs, "notes.txt"), "not a console log");
        var result = Tester().Run("triage", "--arch", "amd64", logs);
        var files = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)]);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), "a crash was found");
            Assert.That(files, Is.EqualTo(new[] { "a/deep/console.log", "b/console.log", "z.log" }.Select(f => Path.Combine(logs, f))));
            Assert.That(_err.ToString(), Is.Empty);
        });
    }

    [Test]
    public async Task Triage_of_a_folder_without_console_logs_says_so()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var (exit, stdout, stderr) = await BadInputTests.Harness(["triage", "--json", empty]);
        Assert.That((exit, stdout, stderr.TrimEnd()), Is.EqualTo((2, "", $"harness: error: no console logs (*.log) in {empty}")));
    }

    [Test]
    public void Triage_of_a_clean_log_exits_0()
    {
        var clean = Path.Combine(_dir, "clean.log");
        File.WriteAllText(clean, "[    0.000000] Linux version 6.1.0\n[    1.000000] Run /init as init process\n");
        Assert.That(Tester().Run("triage", "--json", clean).ExitCode, Is.EqualTo(0));
        Assert.That(_out.ToString().Trim(), Is.EqualTo("[]"));
    }
}

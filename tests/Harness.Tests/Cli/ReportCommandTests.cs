using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Tests.Cli;

public class ReportCommandTests
{
    [Test]
    public void A_run_whose_harness_died_is_exported_from_the_database()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ph-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "h.sqlite");
        var info = new RunInfo("r1", "smoke", DateTimeOffset.UtcNow, "host", Path.Combine(dir, "gone"), "0.0.0");
        var cell = new Cell("x86_64", "6.1.0-56-amd64", "kprobe_events-kernel");
        using (var store = new SqliteResultStore(db))
        {
            store.BeginRun(info);
            store.Record(new TestResult("smoke", "a", cell, TestState.Pass, Culprit.None, null, TimeSpan.FromSeconds(1), "ok"));
            store.Record(new TestResult("smoke", "b", cell, TestState.Fail, Culprit.Kernel, "oops", TimeSpan.FromSeconds(2), ""));
            // No FinishRun: the harness died here.
        }
        var writer = new StringWriter();
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.Settings.Registrar.RegisterInstance<IAnsiConsole>(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }));
            c.Settings.Registrar.RegisterInstance(new CliStreams(writer, writer));
            c.AddCommand<ReportCommand>("report");
        });
        var exit = app.Run(["report", "r1", "--db", db, "--out", Path.Combine(dir, "out")]);
        Assert.That(exit, Is.EqualTo(1), "the gate of the stored results: one FAIL");
        var sum = File.ReadAllLines(Path.Combine(dir, "out", "smoke.sum"));
        Assert.That(sum, Has.Some.StartsWith("PASS: a").And.Some.StartsWith("FAIL: b"));
        Assert.That(File.Exists(Path.Combine(dir, "out", "junit.xml")));
        Directory.Delete(dir, true);
    }
}

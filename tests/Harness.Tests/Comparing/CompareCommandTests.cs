using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using Spectre.Console;
using Spectre.Console.Cli;
using static ProbeHarness.Tests.Comparing.HistoryBuilder;
using static ProbeHarness.Verdicts.TestState;

namespace ProbeHarness.Tests.Comparing;

public class CompareCommandTests
{
    private static (int Exit, string Out) Run(params string[] args)
    {
        var writer = new StringWriter();
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            c.Settings.Registrar.RegisterInstance<IAnsiConsole>(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) }));
            c.AddCommand<CompareCommand>("compare");
        });
        return (app.Run(args), writer.ToString());
    }

    [Test]
    public void Exit_codes_say_nothing_worse_regressions_or_could_not_compare()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("pair", Pass));
        var newer = h.Run(Result("pair", Fail, "6.1.0-57-amd64"));
        var outDir = Path.Combine(h.Dir, "out");
        Assert.That(Run("compare", older, newer, "--db", h.DbPath, "--out", outDir).Exit, Is.EqualTo(1));
        Assert.That(Run("compare", older, older, "--db", h.DbPath, "--out", outDir).Exit, Is.EqualTo(0));
        Assert.That(Run("compare", "nosuch", newer, "--db", h.DbPath, "--out", outDir).Exit, Is.EqualTo(2));
    }

    [Test]
    public void Json_prints_the_report()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("pair", Pass));
        h.Run(Result("pair", Fail, "6.1.0-57-amd64"));
        var stdout = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(stdout);
        int exit;
        try { exit = Run("compare", older, "--json", "--db", h.DbPath, "--out", Path.Combine(h.Dir, "out")).Exit; }
        finally { Console.SetOut(saved); }
        var report = ComparisonReport.FromJson(stdout.ToString());
        Assert.That((exit, report.Findings.Single().Kind, report.Gate), Is.EqualTo((1, "new-failure", "regressions")));
    }

    /// <summary>
    /// The check, through the command: two ABIs, the candidate with one of each injected
    /// regression (a test made to fail, a crash added, a probe point and an exercised machinery
    /// function removed, a slowed handler) exits 1 and names each, in text and in --json alike;
    /// the candidate compared with itself exits 0.
    /// </summary>
    [Test]
    public void Every_injected_regression_is_named_with_exit_1_in_text_and_json_and_a_run_against_itself_exits_0()
    {
        using var h = new HistoryBuilder();
        var oops = new CrashInfo("BUG: unable to handle page fault in arch_rethook_trampoline_callback", "BUG", Culprit.ProbeEngine, false, null, "...");
        var older = h.Run(Result("pair", Pass), Result("fork", Pass), Result("timer", Pass));
        var newer = h.Run(Result("pair", Fail, "6.1.0-57-amd64"), Result("fork", Fail, "6.1.0-57-amd64", crash: oops), Result("timer", Pass, "6.1.0-57-amd64"));
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        var now = cell with { Kernel = "6.1.0-57-amd64" };
        CoverageRecords.Add(h.Store, new CoverageRecord(older, cell, "kprobe_events functions", 9, ["__vfs_read", "vfs_read"]));
        CoverageRecords.Add(h.Store, new CoverageRecord(newer, now, "kprobe_events functions", 9, ["vfs_read"]));
        var machinery = ProbeHarness.Coverage.MachineryTrace.Family("smoke");
        CoverageRecords.Add(h.Store, new CoverageRecord(older, cell, machinery, 300, ["kprobe_ftrace_handler", "register_kprobe"]));
        CoverageRecords.Add(h.Store, new CoverageRecord(newer, now, machinery, 300, ["register_kprobe"]));
        double[] noise = [900, 930, 870, 910, 890, 940, 860, 920, 880, 900, 950, 850];
        Measurements.Add(h.Store, new Measurement(older, cell, "kprobe icount", "ns/hit", noise));
        Measurements.Add(h.Store, new Measurement(newer, now, "kprobe icount", "ns/hit", noise.Select(x => x * 1.10).ToList()));
        var outDir = Path.Combine(h.Dir, "out");

        // The command line as Program.cs runs it, on a console wide enough that no finding wraps.
        var console = new Spectre.Console.Testing.TestConsole();
        console.Profile.Width = 1000;
        var exit = HarnessApp.RunAsync(["compare", older, newer, "--db", h.DbPath, "--out", outDir], console,
            new CliStreams(TextWriter.Null, TextWriter.Null), CancellationToken.None).GetAwaiter().GetResult();
        var text = console.Output;
        var stdout = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(stdout);
        int jsonExit;
        try { jsonExit = Run("compare", older, newer, "--json", "--db", h.DbPath, "--out", outDir).Exit; }
        finally { Console.SetOut(saved); }
        var report = ComparisonReport.FromJson(stdout.ToString());

        Assert.That((exit, jsonExit), Is.EqualTo((1, 1)));
        var regressions = report.Findings.Where(f => f.Severity == Severity.Regression).ToList();
        Assert.That(regressions.Select(f => f.Kind), Is.EquivalentTo(new[] { "new-failure", "new-failure", "crash-new", "coverage-lost", "coverage-lost", "overhead-up" }));
        Assert.That(regressions.Select(f => f.Summary), Has.Some.EndsWith(": __vfs_read").And.Some.EndsWith(": kprobe_ftrace_handler")
            .And.Some.Contains(oops.Title));
        foreach (var f in report.Findings)
            Assert.That(text, Does.Contain(f.Summary), $"the text lacks the {f.Kind} finding");
        Assert.That(text, Does.Contain("compare: regressions"));
        Assert.That(Run("compare", newer, newer, "--db", h.DbPath, "--out", outDir).Exit, Is.EqualTo(0));
    }
}

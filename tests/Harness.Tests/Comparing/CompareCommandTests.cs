using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Comparing;
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
}

using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using static ProbeHarness.Tests.Comparing.HistoryBuilder;
using static ProbeHarness.Verdicts.TestState;

namespace ProbeHarness.Tests.Comparing;

public class ComparisonRunTests
{
    private static readonly CrashInfo Oops = new("BUG: kernel NULL pointer dereference in kprobe_ftrace_handler", "BUG", Culprit.ProbeEngine, false, null, "...");

    private static ComparisonReport Compare(HistoryBuilder h, string b, string c, string? dir = null) =>
        new ComparisonRun(h.Store).Execute(b, c, dir);

    [Test]
    public void Two_ABIs_compare_test_by_test_and_list_what_changed()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("pair", Pass), Result("timer", Pass), Result("stock", KFail), Result("gone", Pass));
        var newer = h.Run(Result("pair", Fail, "6.1.0-57-amd64"), Result("timer", Pass, "6.1.0-57-amd64"),
            Result("stock", Fail, "6.1.0-57-amd64"), Result("added", Pass, "6.1.0-57-amd64"));
        var r = Compare(h, older, newer);
        Assert.That(r.Findings.Select(f => (f.Kind, f.Severity, f.Where!.Test)), Is.EquivalentTo(new[]
        {
            ("new-failure", Severity.Regression, "pair"),
            ("kfail-expired", Severity.Regression, "stock"),
            ("not-run", Severity.Unjudged, "gone"),
            ("new-test", Severity.Info, "added"),
        }));
        Assert.That(r.ExitCode, Is.EqualTo(ComparisonGate.Regressions));
        var pair = r.Findings.Single(f => f.Where!.Test == "pair");
        Assert.That((pair.Where!.BaseKernel, pair.Where.CandidateKernel), Is.EqualTo(("6.1.0-53-amd64", "6.1.0-57-amd64")));
        Assert.That(pair.Reproducer, Does.Contain("--kernel bookworm:6.1.0-57 --engine kprobe_events"));
    }

    [Test]
    public void A_run_compared_with_itself_is_nothing_worse()
    {
        using var h = new HistoryBuilder();
        var id = h.Run(Result("pair", Pass), Result("crash", Fail, crash: Oops));
        var r = Compare(h, id, id);
        Assert.That((r.ExitCode, r.Findings.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public void A_new_crash_title_is_a_regression_and_a_gone_one_a_fix()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("a", Pass), Result("b", Fail, crash: Oops with { Title = "WARNING in arch_rethook_trampoline" }));
        var newer = h.Run(Result("a", Fail, crash: Oops), Result("b", Pass));
        var r = Compare(h, older, newer);
        Assert.That(r.Findings.Where(f => f.Kind.StartsWith("crash")).Select(f => (f.Kind, f.Severity, f.Signature)), Is.EquivalentTo(new[]
        {
            ("crash-new", Severity.Regression, $"crash:{Oops.Title}"),
            ("crash-gone", Severity.Improvement, "crash:WARNING in arch_rethook_trampoline"),
        }));
    }

    [Test]
    public void A_crash_the_suite_expects_is_news_not_a_regression()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("sysrq", Pass));
        var newer = h.Run(Result("sysrq", Pass, crash: Oops with { Title = "sysrq triggered crash" }));
        var r = Compare(h, older, newer);
        Assert.That((r.ExitCode, r.Findings.Single().Severity), Is.EqualTo((0, Severity.Info)));
    }

    [Test]
    public void A_test_that_flips_often_is_flaky_not_a_regression()
    {
        using var h = new HistoryBuilder();
        foreach (var s in new[] { Pass, Fail, Pass, Fail, Pass }) h.Run(Result("coin", s));
        var last = h.Run(Result("coin", Fail));
        var r = Compare(h, "last-good", last);
        Assert.That(r.Findings.Single().Severity, Is.EqualTo(Severity.Flaky));
        Assert.That(r.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Last_good_is_the_newest_earlier_run_that_gated_0()
    {
        using var h = new HistoryBuilder();
        var good = h.Run(Result("a", Pass));
        h.Run(Result("a", Fail));
        var cand = h.Run(Result("a", Fail));
        var r = Compare(h, "last-good", cand);
        Assert.That(r.Base.Runs, Is.EqualTo(new[] { good }));
        Assert.That(r.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void A_night_stands_for_its_runs_and_last_good_finds_the_last_good_night()
    {
        using var h = new HistoryBuilder();
        var first = h.Night(0, [Result("a", Pass)], [Result("a", Pass, arch: "arm64", kernel: "6.1.0-53-arm64")]);
        h.Run(Result("a", Fail)); // a plain run in between is not a night
        var second = h.Night(1, [Result("a", Pass, "6.1.0-57-amd64")], [Result("a", Fail, arch: "arm64", kernel: "6.1.0-57-arm64")]);
        var r = Compare(h, "last-good", second);
        Assert.That(r.Base.Label, Does.Contain(first));
        Assert.That(r.Findings.Select(f => (f.Kind, f.Where!.Arch)), Is.EqualTo(new[] { ("new-failure", "arm64") }));
    }

    [Test]
    public void Kernel_spans_take_the_newest_result_of_each_test_on_those_kernels()
    {
        using var h = new HistoryBuilder();
        h.Run(Result("a", Fail, "6.1.0-52-amd64"));
        h.Run(Result("a", Pass, "6.1.0-53-amd64"));
        h.Run(Result("a", Fail, "6.1.0-57-amd64"));
        var r = Compare(h, "kernel:6.1.0-50..6.1.0-53", "kernel:6.1.0-57");
        Assert.That(r.Findings.Single().Kind, Is.EqualTo("new-failure"));
        Assert.That(r.Base.Kernels, Is.EqualTo(new[] { "6.1.0-53-amd64" }));
    }

    [Test]
    public void What_cannot_be_found_cannot_be_compared()
    {
        using var h = new HistoryBuilder();
        var only = h.Run(Result("a", Fail));
        Assert.That(Compare(h, "nosuch", only).ExitCode, Is.EqualTo(2));
        var r = Compare(h, "last-good", only);
        Assert.That((r.ExitCode, r.Note), Is.EqualTo((2, "no good run (run smoke, gate 0) before the candidate in the history")));
    }

    [Test]
    public void The_files_hold_the_same_differences_as_data_and_as_text()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("pair", Pass));
        var newer = h.Run(Result("pair", Fail, "6.1.0-57-amd64"));
        var dir = Path.Combine(h.Dir, "out");
        var r = Compare(h, older, newer, dir);
        var back = ComparisonReport.FromJson(File.ReadAllText(Path.Combine(dir, "compare.json")));
        Assert.That(back.Findings, Is.EqualTo(r.Findings));
        Assert.That(back.Counts["regression"], Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(dir, "compare.json")), Does.Contain("\"severity\": \"regression\"").And.Contain("\"kind\": \"new-failure\""));
        Assert.That(File.ReadAllText(Path.Combine(dir, "compare.md")), Does.Contain("Gate: **regressions** (exit 1)").And.Contain("PASS -&gt; FAIL"));
    }

    [Test]
    public void A_slower_probe_hit_is_an_overhead_regression()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("a", Pass));
        var newer = h.Run(Result("a", Pass, "6.1.0-57-amd64"));
        double[] noise = [900, 930, 870, 910, 890, 940, 860, 920, 880, 900, 950, 850];
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        Measurements.Add(h.Store, new Measurement(older, cell, "kprobe", "ns/hit", noise));
        Measurements.Add(h.Store, new Measurement(newer, cell with { Kernel = "6.1.0-57-amd64" }, "kprobe", "ns/hit", noise.Select(x => x * 1.15).ToList()));
        var r = Compare(h, older, newer);
        Assert.That(r.Findings.Single().Kind, Is.EqualTo("overhead-up"));
        Assert.That(Compare(h, older, older).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void A_wall_clock_change_under_a_steady_instruction_count_is_shown_but_not_judged()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("a", Pass));
        var newer = h.Run(Result("a", Pass, "6.1.0-57-amd64"));
        double[] wall = [11600, 11700, 11500, 11650, 11550, 11620, 11680, 11590];
        double[] counted = [1056, 1055, 1057, 1056, 1054, 1058, 1056, 1055];
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        var cand = cell with { Kernel = "6.1.0-57-amd64" };
        Measurements.Add(h.Store, new Measurement(older, cell, "kretprobe", "ns/hit", wall));
        Measurements.Add(h.Store, new Measurement(older, cell, "kretprobe" + OverheadAnalyser.IcountSuffix, "ns/hit", counted));
        Measurements.Add(h.Store, new Measurement(newer, cand, "kretprobe", "ns/hit", wall.Select(x => x / 6.6).ToList()));
        Measurements.Add(h.Store, new Measurement(newer, cand, "kretprobe" + OverheadAnalyser.IcountSuffix, "ns/hit", counted));
        var r = Compare(h, older, newer);
        Assert.That(r.Findings.Select(f => (f.Kind, f.Severity)), Is.EqualTo(new[] { ("overhead-wall-clock", Severity.Info) }));
        Assert.That(r.ExitCode, Is.EqualTo(0));

        var slower = h.Run(Result("a", Pass, "6.1.0-57-amd64"));
        Measurements.Add(h.Store, new Measurement(slower, cand, "kretprobe", "ns/hit", wall));
        Measurements.Add(h.Store, new Measurement(slower, cand, "kretprobe" + OverheadAnalyser.IcountSuffix, "ns/hit", counted.Select(x => x * 1.10).ToList()));
        var worse = Compare(h, older, slower);
        Assert.That(worse.Findings.Single(f => f.Severity == Severity.Regression).Signature, Does.Contain("kretprobe icount"));
        Assert.That(worse.ExitCode, Is.EqualTo(1));
    }
}

public class CoverageComparisonTests
{
    [Test]
    public void A_probe_point_that_no_longer_resolves_is_a_named_regression()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("a", Pass));
        var newer = h.Run(Result("a", Pass, "6.1.0-57-amd64"));
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        CoverageRecords.Add(h.Store, new CoverageRecord(older, cell, "kprobe_events functions", 5, ["__vfs_read", "vfs_read", "vfs_write"]));
        CoverageRecords.Add(h.Store, new CoverageRecord(newer, cell with { Kernel = "6.1.0-57-amd64" }, "kprobe_events functions", 5, ["vfs_read", "vfs_write", "vfs_iter_read"]));
        var r = new ComparisonRun(h.Store).Execute(older, newer, null);
        Assert.That(r.Findings.Select(f => (f.Kind, f.Severity)), Is.EquivalentTo(new[] { ("coverage-lost", Severity.Regression), ("coverage-gained", Severity.Improvement) }));
        Assert.That(r.Findings.Single(f => f.Kind == "coverage-lost").Summary, Does.Contain("1 kprobe_events functions no longer resolve").And.EndWith(": __vfs_read"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void A_point_lost_in_a_night_since_the_last_good_one_was_reported_then_and_does_not_keep_the_gate_red()
    {
        using var h = new HistoryBuilder();
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        var good = h.Night(0, [Result("a", Pass)]);
        CoverageRecords.Add(h.Store, new CoverageRecord(good, cell, "kprobe_events functions", 9, ["__vfs_read", "vfs_read"]));
        var red = h.Night(1, [Result("a", Pass, "6.1.0-57-amd64")]);
        CoverageRecords.Add(h.Store, new CoverageRecord(red, cell with { Kernel = "6.1.0-57-amd64" }, "kprobe_events functions", 9, ["vfs_read"]));
        var next = h.Night(0, [Result("a", Pass, "6.1.0-57-amd64")]);
        CoverageRecords.Add(h.Store, new CoverageRecord(next, cell with { Kernel = "6.1.0-57-amd64" }, "kprobe_events functions", 9, ["vfs_read"]));

        var r = new ComparisonRun(h.Store).Execute("last-good", next, null);
        Assert.That(r.Base.Label, Does.Contain(good));
        Assert.That(r.Findings.Select(f => (f.Kind, f.Severity)), Is.EqualTo(new[] { ("coverage-still-lost", Severity.Info) }));
        Assert.That(r.ExitCode, Is.EqualTo(0));
        Assert.That(new ComparisonRun(h.Store).Execute("last-good", red, null).ExitCode, Is.EqualTo(1), "the night it vanished is red");
    }

    [FsCheck.NUnit.Property(MaxTest = 50)]
    public bool Point_names_round_trip_through_the_packed_column(string[] names)
    {
        var clean = (names ?? []).Where(n => !string.IsNullOrEmpty(n) && !n.Contains('\n')).ToList();
        return CoverageRecords.Unpack(CoverageRecords.Pack(clean)).SequenceEqual(clean);
    }

    [Test]
    public void Guest_output_parses_into_points()
    {
        var p = ProbeHarness.Coverage.KprobeCoverage.Parse("candidates 4\nrefused do_one\ntried 3 accepted 2\nvfs_write\nvfs_read\n");
        Assert.That((p.Candidates, p.SampleTried, p.SampleAccepted, p.Share, p.SampleRefused.Single()), Is.EqualTo((4, 3, 2, 0.5, "do_one")));
        Assert.That(p.Resolved, Is.EqualTo(new[] { "vfs_read", "vfs_write" }));
    }
}

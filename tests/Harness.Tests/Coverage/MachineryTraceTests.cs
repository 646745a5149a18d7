using NUnit.Framework;
using ProbeHarness.Comparing;
using ProbeHarness.Coverage;
using ProbeHarness.Results;
using ProbeHarness.Verdicts;
using ProbeHarness.Tests.Comparing;
using static ProbeHarness.Tests.Comparing.HistoryBuilder;

namespace ProbeHarness.Tests.Coverage;

/// <summary>
/// Reading the function tracer's output into the machinery functions a suite exercised, and
/// comparing two runs' sets (the real tracer runs in MachineryCoverageRunTests).
/// </summary>
public class MachineryTraceTests
{
    /// <summary>The instance's trace as the kernel prints it, header included.</summary>
    private const string Trace = """
        # tracer: function
        #
        # entries-in-buffer/entries-written: 6/6   #P:1
        #
        #                                _-----=> irqs-off/BH-disabled
        #                               / _----=> need-resched
        #                              | / _---=> hardirq/softirq
        #                              || / _--=> preempt-depth
        #                              ||| / _-=> migrate-disable
        #                              |||| /     delay
        #           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
        #              | |         |   |||||     |         |
                      sh-74      [000] .....    21.493561: register_kprobe <-__register_trace_kprobe
                      sh-74      [000] .....    21.493820: arm_kprobe_ftrace <-arm_kprobe
             kworker/0:1-12      [000] d....    21.512311: kprobe_optimizer <-process_one_work
                  phload-80      [000] ...1.    21.600102: kprobe_ftrace_handler <-ftrace_call
                  phload-80      [000] ...1.    21.600110: kprobe_ftrace_handler <-ftrace_call
                  phload-80      [000] d..1.    21.600140: arch_rethook_prepare <-rethook_hook
        """;

    [Test]
    public void A_trace_gives_the_distinct_traced_functions_and_not_their_callers()
    {
        var d = MachineryTrace.ParseTrace(Trace);
        Assert.That(d.Functions, Is.EqualTo(new[] { "arch_rethook_prepare", "arm_kprobe_ftrace", "kprobe_ftrace_handler", "kprobe_optimizer", "register_kprobe" }));
        Assert.That(d.Dropped, Is.EqualTo(0));
    }

    [Test]
    public void A_drain_gives_the_functions_of_its_cut_lines_and_the_dropped_events()
    {
        const string drained = "dropped 1200\narm_kprobe_ftrace <-arm_kprobe\nkprobe_ftrace_handler <-ftrace_call\nkprobe_ftrace_handler <-0xffffffffc0201094\n";
        var d = MachineryTrace.ParseTrace(drained);
        Assert.That(d.Functions, Is.EqualTo(new[] { "arm_kprobe_ftrace", "kprobe_ftrace_handler" }));
        Assert.That(d.Dropped, Is.EqualTo(1200));
    }

    [Test]
    public void Arming_says_how_many_functions_the_filter_holds_and_which_globs_were_refused()
    {
        var a = MachineryTrace.ParseArm("refused *optprobe*\nrefused opt_pre_handler\nfiltered 312\n");
        Assert.That(a.Filtered, Is.EqualTo(312));
        Assert.That(a.Refused, Is.EqualTo(new[] { "*optprobe*", "opt_pre_handler" }));
        Assert.That(() => MachineryTrace.ParseArm("sh: can't create /sys/kernel/tracing/instances/phcov/tracing_on: nonexistent directory"),
            Throws.TypeOf<FormatException>().With.Message.Contains("arming the function tracer"));
    }

    [Test]
    public void The_filter_is_never_left_empty_with_the_tracer_on()
    {
        // An empty set_ftrace_filter traces every function of the kernel: the script must stop first.
        var script = MachineryTrace.ArmScript();
        Assert.That(script.IndexOf("[ \"$n\" -gt 0 ] || exit 0", StringComparison.Ordinal),
            Is.GreaterThan(0).And.LessThan(script.IndexOf("echo function >", StringComparison.Ordinal)));
        Assert.That(script, Does.Contain($"instances/{MachineryTrace.Instance}").And.Not.Contain("T/current_tracer"));
        // Linux 6.1: the top-level buffer the tests read is expanded before the instance is sized, or it stays a few pages.
        Assert.That(script.IndexOf("> $T/buffer_size_kb", StringComparison.Ordinal),
            Is.GreaterThan(0).And.LessThan(script.IndexOf("> $I/buffer_size_kb", StringComparison.Ordinal)));
    }

    [Test]
    public void A_function_the_baseline_exercised_and_the_candidate_does_not_is_coverage_lost_by_name()
    {
        using var h = new HistoryBuilder();
        var older = h.Run(Result("a", TestState.Pass));
        var newer = h.Run(Result("a", TestState.Pass, "6.1.0-57-amd64"));
        var cell = new Cell("x86_64", "6.1.0-53-amd64", "kprobe_events-kernel");
        var family = MachineryTrace.Family("smoke");
        CoverageRecords.Add(h.Store, new CoverageRecord(older, cell, family, 300, MachineryTrace.ParseTrace(Trace).Functions.ToList()));
        // The candidate's kernel no longer takes the ftrace-based path: its handler is not reached.
        var without = Trace.Replace("kprobe_ftrace_handler <-ftrace_call", "kprobe_int3_handler <-do_int3");
        CoverageRecords.Add(h.Store, new CoverageRecord(newer, cell with { Kernel = "6.1.0-57-amd64" }, family, 300, MachineryTrace.ParseTrace(without).Functions.ToList()));

        var r = new ComparisonRun(h.Store).Execute(older, newer, null);
        var lost = r.Findings.Single(f => f.Kind == "coverage-lost");
        Assert.That(lost.Severity, Is.EqualTo(Severity.Regression));
        Assert.That(lost.Summary, Does.Contain("1 probe machinery functions exercised by smoke no longer exercised on 6.1.0-57-amd64").And.EndWith(": kprobe_ftrace_handler"));
        Assert.That(r.Findings.Single(f => f.Kind == "coverage-gained").Summary, Does.EndWith(": kprobe_int3_handler"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(new ComparisonRun(h.Store).Execute(older, older, null).ExitCode, Is.EqualTo(0));
    }
}

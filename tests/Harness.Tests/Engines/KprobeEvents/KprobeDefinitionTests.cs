using NUnit.Framework;
using ProbeHarness.Engines.KprobeEvents;

namespace ProbeHarness.Tests.Engines.KprobeEvents;

public class KprobeDefinitionTests
{
    [Test]
    public void Definitions_get_the_harness_group()
    {
        var d = KprobeDefinition.Parse("# comment\n\np:entry __x64_sys_getpid\nr20:ret __x64_sys_getpid $retval\n", "f.kprobe");
        Assert.That(d.Select(x => x.EventsLine), Is.EqualTo(new[]
        {
            "p:ph/entry __x64_sys_getpid",
            "r20:ph/ret __x64_sys_getpid $retval",
        }));
    }

    [Test]
    public void A_users_group_is_replaced_by_the_harness_group()
    {
        Assert.That(KprobeDefinition.Parse("p:mine/e do_sys_open\n", "f").Single().EventsLine, Is.EqualTo("p:ph/e do_sys_open"));
    }

    [TestCase("p __x64_sys_getpid\n", 1, "not a kprobe_events definition")]
    [TestCase("p:a f\np:a g\n", 2, "defined twice")]
    [TestCase("\np5:a f\n", 2, "maxactive")]
    public void Errors_name_the_line(string script, int line, string words)
    {
        Assert.That(() => KprobeDefinition.Parse(script, "x.kprobe"),
            Throws.InstanceOf<FormatException>().With.Message.StartsWith($"x.kprobe:{line}: ").And.Message.Contains(words));
    }

    [Test]
    public void An_empty_script_is_an_error() =>
        Assert.That(() => KprobeDefinition.Parse("# nothing\n", "e.kprobe"), Throws.InstanceOf<FormatException>());

    [Test]
    public void The_guest_script_filters_on_the_workloads_pid_before_it_execs()
    {
        var s = KprobeEventsEngine.GuestScript(KprobeDefinition.Parse("p:e f\n", "f"), "phload getpid 5");
        var filter = s.IndexOf("common_pid == $$", StringComparison.Ordinal);
        var exec = s.IndexOf("exec $1", StringComparison.Ordinal);
        Assert.That(filter, Is.GreaterThan(0));
        Assert.That(exec, Is.GreaterThan(filter), "the filter is set before the workload starts");
        Assert.That(s, Does.Contain("'phload getpid 5'"));
    }
}

public class TracefsEventLineTests
{
    [Test]
    public void An_e_line_names_the_kernels_own_event_and_defines_nothing()
    {
        var d = KprobeDefinition.Parse("e:sched/sched_process_fork\np:getpid_entry __x64_sys_getpid\n", "f").ToList();
        Assert.That(d.Select(x => (x.Existing, x.Name, x.EventDirectory)), Is.EqualTo(new[]
        {
            (true, "sched_process_fork", "events/sched/sched_process_fork"),
            (false, "getpid_entry", "events/ph/getpid_entry"),
        }));
        Assert.That(d[0].Symbol, Is.Null);
    }

    [TestCase("e:sched_process_fork\n", "not a kprobe_events definition")]
    [TestCase("e:sched/sched_process_fork\ne:sched/sched_process_fork\n", "named twice")]
    public void Malformed_or_repeated_events_are_errors(string script, string words) =>
        Assert.That(() => KprobeDefinition.Parse(script, "x.kprobe"), Throws.InstanceOf<FormatException>().With.Message.Contains(words));

    [Test]
    public void The_guest_script_enables_and_filters_the_event_without_touching_kprobe_events()
    {
        var s = KprobeEventsEngine.GuestScript(KprobeDefinition.Parse("e:sched/sched_process_fork\n", "f"), "phload sleepers 10 1");
        Assert.That(s, Does.Contain("echo 1 > $T/events/sched/sched_process_fork/enable || { echo 'could not enable events: events/sched/sched_process_fork' >&2"));
        Assert.That(s, Does.Contain("/sys/kernel/tracing/events/sched/sched_process_fork/filter"));
        Assert.That(s, Does.Contain("grep -c ' sched_process_fork: ' $T/trace"));
        Assert.That(s, Does.Not.Contain(">> $T/kprobe_events").And.Not.Contain("events/ph"));
        // Enabled and filtered before the workload execs; switched off and unfiltered again by cleanup.
        Assert.That(s.IndexOf("sched_process_fork/filter", StringComparison.Ordinal), Is.LessThan(s.IndexOf("exec $1", StringComparison.Ordinal)));
        Assert.That(s, Does.Contain("echo 0 2>/dev/null > $T/$d/filter"));
    }

    [Test]
    public void A_missing_event_is_a_refusal() =>
        Assert.That(new KprobeEventsEngine().Interpret(new ProbeHarness.Guest.StepResult(91, [],
            System.Text.Encoding.UTF8.GetBytes("could not enable events: events/sched/no_such_event\n"))).Refused, Does.Contain("events/sched/no_such_event"));
}

public class ProbedFunctionsTests
{
    [Test]
    public void Kprobe_events_name_the_function_without_offset_or_arguments() =>
        Assert.That(KprobeDefinition.Parse("p:a do_sys_open+5 $arg1\nr:b vfs_read\n", "f").Select(d => d.Symbol),
            Is.EqualTo(new[] { "do_sys_open", "vfs_read" }));

    [Test]
    public void SystemTap_scripts_name_their_kprobe_and_kernel_functions_but_not_wildcards() =>
        Assert.That(ProbeHarness.Engines.SystemTap.SystemTapEngine.ProbedFunctionsOf(
                "probe kprobe.function(\"__x64_sys_getpid\") {}\nprobe kprobe.function(\"__x64_sys_getpid\").return {}\n" +
                "probe kernel.function(\"vfs_*\") {}\nprobe kernel.function( \"do_exit\" ) {}\nprobe timer.ms(1) {}"),
            Is.EqualTo(new[] { "__x64_sys_getpid", "do_exit" }));
}

public class KprobeRefusalTests
{
    [TestCase(90, "kprobe_events refused: 'p:ph/a f'\n", true)]
    [TestCase(91, "could not enable events\n", true)]
    [TestCase(90, "the workload's own exit status\n", false)]
    [TestCase(0, "", false)]
    public void Only_the_scripts_own_refusals_count(int status, string stderr, bool refused) =>
        Assert.That(new KprobeEventsEngine().Interpret(new ProbeHarness.Guest.StepResult(status, [], System.Text.Encoding.UTF8.GetBytes(stderr))).Refused is not null,
            Is.EqualTo(refused));
}

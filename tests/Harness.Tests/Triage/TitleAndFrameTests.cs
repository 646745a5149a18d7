using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class TitleAndFrameTests
{
    [TestCase("crashmod_null+0x5/0x20", "crashmod_null")]
    [TestCase("tcp_sendmsg.isra.0", "tcp_sendmsg")]
    [TestCase("__list_del_entry_valid.cold+0x12/0x40", "__list_del_entry_valid")]
    [TestCase("foo.constprop.3.isra.0", "foo")]
    [TestCase("bar.part.1+0x1/0x2", "bar")]
    [TestCase("baz.llvm.1234567", "baz")]
    [TestCase("plain", "plain")]
    public void FunctionNamesLoseOffsetsAndCloneSuffixes(string symbol, string expected) =>
        Assert.That(FunctionName.Normalise(symbol), Is.EqualTo(expected));

    [TestCase("[   12.345678] BUG: x", "BUG: x")]
    [TestCase("[   12.345678][    T1] BUG: x", "BUG: x")]
    [TestCase("[    0.000000][    C0] hello", "hello")]
    [TestCase("<4>[    1.5] WARNING: y", "WARNING: y")]
    [TestCase("no prefix", "no prefix")]
    [TestCase("[not a stamp] z", "[not a stamp] z")]
    public void TimestampsAndCallerIdsAreStripped(string raw, string expected) =>
        Assert.That(ConsoleLine.Strip(raw), Is.EqualTo(expected));

    [TestCase("dump_stack_lvl")]
    [TestCase("panic")]
    [TestCase("__warn")]
    [TestCase("warn_slowpath_fmt")]
    [TestCase("report_bug")]
    [TestCase("handle_bug")]
    [TestCase("exc_invalid_op")]
    [TestCase("asm_exc_page_fault")]
    [TestCase("do_error_trap")]
    [TestCase("oops_end")]
    [TestCase("entry_SYSCALL_64_after_hwframe")]
    [TestCase("do_syscall_64")]
    [TestCase("el0_svc")]
    [TestCase("el1h_64_sync_handler")]
    [TestCase("delay_tsc")]
    public void MachineryFramesAreSkipped(string function) =>
        Assert.That(GuiltyFrame.IsGeneric(function), Is.True);

    [TestCase("crashmod_init")]
    [TestCase("tcp_sendmsg")]
    [TestCase("__schedule")]
    public void OrdinaryFramesAreKept(string function) =>
        Assert.That(GuiltyFrame.IsGeneric(function), Is.False);

    [Test]
    public void SchedulerFramesAreSkippedOnlyWhereTheReportIsAboutWaiting() =>
        Assert.That(GuiltyFrame.IsGeneric("schedule", skipScheduler: true), Is.True);

    [Test]
    public void SyscallEntryIsNamedOnlyWhenNothingElseIs()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            Oops: 0002 [#1] PREEMPT SMP NOPTI
            Call Trace:
             <TASK>
             __x64_sys_getpid+0x5/0x20
             do_syscall_64+0x5d/0xb0
             entry_SYSCALL_64_after_hwframe+0x6e/0xd8
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """;
        Assert.That(ConsoleTriage.Parse(log)[0].Title, Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in sys_getpid"));
    }

    [Test]
    public void QuestionableFramesAreNeverGuilty()
    {
        var log = """
            general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP
            Call Trace:
             <TASK>
             ? evil_stale_frame+0x5/0x20
             real_caller+0x10/0x40
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """;
        Assert.That(ConsoleTriage.Parse(log)[0].Title, Is.EqualTo("general protection fault in real_caller"));
    }

    [Test]
    public void Arm64NullDereferenceUsesThePcLine()
    {
        var log = """
            [   10.1] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
            [   10.1] Mem abort info:
            [   10.1] Internal error: Oops: 0000000096000046 [#1] SMP
            [   10.1] Modules linked in: crashmod(OE+)
            [   10.1] pc : crashmod_null+0x8/0x14 [crashmod]
            [   10.1] lr : crashmod_init+0x40/0x1000 [crashmod]
            [   10.1] Call trace:
            [   10.1]  crashmod_null+0x8/0x14 [crashmod]
            [   10.1]  do_one_initcall+0x4c/0x1f0
            [   10.1] Code: d2800000 52800021 b9000001 d65f03c0 (b9000020)
            [   10.1] ---[ end trace 0000000000000000 ]---
            """;
        var r = ConsoleTriage.Parse(log, "arm64")[0];
        Assert.That((r.Title, r.Corrupted), Is.EqualTo(("BUG: unable to handle kernel NULL pointer dereference in crashmod_null", false)));
    }

    [Test]
    public void StapModuleOnTheStackBlamesTheProbe()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000008
            Oops: 0000 [#1] PREEMPT SMP NOPTI
            RIP: 0010:probe_6543+0x21/0x90 [stap_1a2b3c_417]
            Call Trace:
             <TASK>
             enter_kprobe_probe+0x1d2/0x3a0 [stap_1a2b3c_417]
             kprobe_ftrace_handler+0x10c/0x1b0
             vfs_read+0x5/0x2f0
             ksys_read+0x6f/0xf0
             do_syscall_64+0x5d/0xb0
             </TASK>
            Modules linked in: stap_1a2b3c_417(OE) crashmod(OE)
            ---[ end trace 0000000000000000 ]---
            """;
        var r = ConsoleTriage.Parse(log)[0];
        Assert.That((r.Culprit, r.Probe, r.Title), Is.EqualTo((Verdicts.Culprit.ProbeEngine, "stap_1a2b3c_417", "BUG: unable to handle kernel NULL pointer dereference in stap probe on vfs_read")));
    }

    [Test]
    public void KprobeEventsTracerOnTheStackBlamesKprobeEvents()
    {
        var log = """
            BUG: unable to handle page fault for address: ffffc90000000000
            Oops: 0000 [#1] PREEMPT SMP NOPTI
            RIP: 0010:process_fetch_insn+0x1a0/0x4c0
            Call Trace:
             <TASK>
             kprobe_trace_func+0x1b4/0x2e0
             kprobe_dispatcher+0x38/0x70
             kprobe_ftrace_handler+0x10c/0x1b0
             do_sys_openat2+0x5/0x170
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """;
        var r = ConsoleTriage.Parse(log)[0];
        Assert.That((r.Culprit, r.Probe), Is.EqualTo((Verdicts.Culprit.ProbeEngine, "kprobe_events")));
    }

    [Test]
    public void ProbeModuleOnlyLoadedIsRecordedButNotBlamed()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            Oops: 0002 [#1] PREEMPT SMP NOPTI
            RIP: 0010:ext4_fill_super+0x5/0x20
            Call Trace:
             <TASK>
             mount_bdev+0x1a0/0x1e0
             </TASK>
            Modules linked in: stap_1a2b3c_417(OE)
            ---[ end trace 0000000000000000 ]---
            """;
        var r = ConsoleTriage.Parse(log)[0];
        Assert.That((r.Culprit, r.Probe, r.LoadedProbeModules.Single()), Is.EqualTo((Verdicts.Culprit.Kernel, (string?)null, "stap_1a2b3c_417")));
    }

    [Test]
    public void ReportCutOffMidTraceIsCorrupted()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            Oops: 0002 [#1] PREEMPT SMP NOPTI
            RIP: 0010:crashmod_null+0x5/0x20 [crashmod]
            Call Trace:
             <TASK>
             crashmod_init+0x38/0x1000 [crashmod]
            """;
        Assert.That(ConsoleTriage.Parse(log)[0].Corrupted, Is.True);
    }

    [Test]
    public void HeaderWithoutAnyStackIsCorrupted()
    {
        var log = "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP\nsome other line\n";
        var r = ConsoleTriage.Parse(log)[0];
        Assert.That((r.Title, r.Corrupted), Is.EqualTo(("general protection fault", true)));
    }

    [Test]
    public void PanicMessagesLoseAddressesAndPids() =>
        Assert.That(TitleText.Clean("Attempted to kill init! exitcode=0x0000000b"), Is.EqualTo("Attempted to kill init! exitcode=ADDR"));

    [Test]
    public void EveryPatternCompilesAndHasAKnownKind()
    {
        var kinds = typeof(CrashKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        Assert.That(CrashPatterns.All.Where(p => !kinds.Contains(p.Kind)).Select(p => p.Name), Is.Empty);
        Assert.That(CrashPatterns.All.Select(p => p.Name), Is.Unique);
    }
}

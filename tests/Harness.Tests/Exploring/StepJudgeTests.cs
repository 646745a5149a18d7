using NUnit.Framework;
using ProbeHarness.Exploring;
using ProbeHarness.Judging;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exploring;

public class StepJudgeTests
{
    private static readonly InjectableFunction Hook = new("security_file_open", -13, "-EACCES", new HashSet<long> { -13, -1 });
    private static readonly InjectableFunction Illegal = new("security_file_open", -5, "-EIO", new HashSet<long> { -13 });

    private static string Out(string errno = "EACCES", string again = "ok", string fds = "same", int calls = 1, int injected = 1,
        string kernel = "survived", int slabBefore = 1000, int slabAfter = 1010) =>
        $"open: {errno}\nagain: {again}\nfds: {fds}\ncalls={calls} injected={injected}\nkernel: {kernel}\nslab: {slabBefore} {slabAfter}\n";

    private static StepVerdict Judge(Outcome o, InjectableFunction? f = null, int nth = 1) =>
        StepJudge.Judge("open", f ?? Hook, nth, o, 512, "x86_64", "6.1.0-test", "repro");

    [Test]
    public void An_error_seen_a_retry_that_works_and_nothing_lost_is_an_error_path_that_works()
    {
        var v = Judge(new Outcome.Ran(0, Out(), ""));
        Assert.That((v.Verdict, v.State, v.Errno, v.Injected, v.Survived, v.More, v.Finding), Is.EqualTo(("error path ok", TestState.Pass, "EACCES", 1L, (bool?)true, true, (object?)null)));
        Assert.That(v.Name, Is.EqualTo("open/security_file_open/nth:1"));
    }

    [Test]
    public void A_step_that_injects_nothing_ends_the_function()
    {
        var v = Judge(new Outcome.Ran(0, Out(errno: "ok", calls: 3, injected: 0), ""), nth: 4);
        Assert.That((v.Verdict, v.State, v.More), Is.EqualTo(("no more calls", TestState.Pass, false)));
        Assert.That(v.Reason, Does.Contain("called 3 time(s)"));
    }

    [Test]
    public void A_failure_the_kernel_absorbs_is_noted_not_found()
    {
        var v = Judge(new Outcome.Ran(0, Out(errno: "ok", calls: 2, injected: 1), ""), nth: 2);
        Assert.That((v.Verdict, v.State, v.Finding), Is.EqualTo(("absorbed", TestState.Pass, (object?)null)));
    }

    [Test]
    public void A_crash_after_a_legal_error_is_the_kernels_finding_and_the_exploration_goes_on()
    {
        var crash = new CrashInfo("BUG: kernel NULL pointer dereference in do_dentry_open", "BUG", Culprit.Kernel, false, null, "…");
        var v = Judge(new Outcome.Crashed(crash, ""), nth: 2);
        Assert.That((v.Verdict, v.State, v.Culprit, v.More, v.Survived), Is.EqualTo(("crash", TestState.Fail, Culprit.Kernel, true, (bool?)false)));
        Assert.That(v.Finding!.Kind, Is.EqualTo("error-path-crash"));
        Assert.That(v.Finding.Culprit, Is.EqualTo(Culprit.Kernel));
        Assert.That(v.Finding.Signature, Is.EqualTo("error-path-crash: open: security_file_open: BUG: kernel NULL pointer dereference in do_dentry_open"));
        Assert.That(v.Finding.Where!.Test, Is.EqualTo("open/security_file_open/nth:2"));
        Assert.That(v.Finding.Reproducer, Is.EqualTo("repro"));
    }

    [Test]
    public void A_crash_after_an_error_the_function_cannot_return_is_the_harnesss()
    {
        var crash = new CrashInfo("WARNING in fput", "WARNING", Culprit.Kernel, false, null, "…");
        var v = Judge(new Outcome.Crashed(crash, ""), Illegal);
        Assert.That((v.Verdict, v.Culprit, v.Finding!.Kind, v.Finding.Culprit), Is.EqualTo(("warn", Culprit.Harness, "error-path-warning", Culprit.Harness)));
    }

    [Test]
    public void A_new_taint_a_leaked_fd_or_slab_and_a_broken_retry_are_findings()
    {
        var taint = Judge(new Outcome.Ran(0, Out(kernel: "new taint 512"), ""));
        Assert.That((taint.Verdict, taint.Finding?.Kind, taint.Survived), Is.EqualTo(("taint", "error-path-taint", (bool?)false)));
        var fds = Judge(new Outcome.Ran(0, Out(fds: "5 before, 6 after"), ""));
        Assert.That((fds.Verdict, fds.Finding?.Kind), Is.EqualTo(("leak", "error-path-leak")));
        Assert.That(fds.Leaks, Is.EqualTo(new[] { "fds: 5 before, 6 after" }));
        var slab = Judge(new Outcome.Ran(0, Out(slabBefore: 1000, slabAfter: 2000), ""));
        Assert.That(slab.Leaks, Is.EqualTo(new[] { "slab +1000 kB" }));
        var small = Judge(new Outcome.Ran(0, Out(slabBefore: 1000, slabAfter: 1500), ""));
        Assert.That(small.Leaks, Is.Empty, "below the threshold");
        var retry = Judge(new Outcome.Ran(0, Out(again: "EACCES"), ""));
        Assert.That((retry.Verdict, retry.Finding?.Kind, retry.Culprit), Is.EqualTo(("retry failed", "error-path-retry-failed", Culprit.Kernel)));
    }

    [Test]
    public void A_guest_that_stops_answering_is_a_hang_but_a_dead_QEMU_is_no_finding()
    {
        var hang = Judge(new Outcome.MachineFailed(Culprit.Kernel, "lost connection to guest agent", "no reply"));
        Assert.That((hang.Verdict, hang.Finding?.Kind), Is.EqualTo(("hang", "error-path-hang")));
        var qemu = Judge(new Outcome.MachineFailed(Culprit.Infrastructure, "QEMU exited unexpectedly", "exit 1"));
        Assert.That((qemu.Verdict, qemu.State, qemu.Culprit, qemu.Finding), Is.EqualTo(("infrastructure", TestState.Unresolved, Culprit.Infrastructure, (object?)null)));
    }

    [Test]
    public void A_function_the_module_cannot_probe_ends_the_function_without_a_finding()
    {
        var v = Judge(new Outcome.BuildFailed(5, "phinject refused: kmalloc_trace", ""));
        Assert.That((v.Verdict, v.State, v.More, v.Finding), Is.EqualTo(("refused", TestState.Unsupported, false, (object?)null)));
    }

    [Test]
    public void A_failure_in_phfaults_own_disarming_write_is_not_the_calls()
    {
        var v = Judge(new Outcome.Ran(3, "calls=2 injected=1\nkernel: survived\nslab: 1 1\n", "phfault: cannot write 0 to /sys/module/phinject/parameters/pid: Cannot allocate memory\n"), nth: 2);
        Assert.That((v.Verdict, v.State, v.More, v.Finding), Is.EqualTo(("disarm hit", TestState.Untested, true, (object?)null)));
    }

    [Test]
    public void Output_without_the_modules_counts_is_unjudged_and_the_harnesss()
    {
        var v = Judge(new Outcome.Ran(1, "open: EACCES\n", "sh: insmod: not found"));
        Assert.That((v.Verdict, v.State, v.Culprit), Is.EqualTo(("unjudged", TestState.Unresolved, Culprit.Harness)));
        Assert.That(v.Reason, Does.Contain("insmod: not found"));
    }
}

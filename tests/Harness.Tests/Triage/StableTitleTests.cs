using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

/// <summary>Titles carry nothing that changes between builds, scripts or architectures (issue 14).</summary>
public class StableTitleTests
{
    private static CrashReport First(string log, string? arch = "x86_64") => ConsoleTriage.Parse(log, arch)[0];

    [TestCase("__x64_sys_newuname", "sys_newuname")]
    [TestCase("__arm64_sys_newuname+0x1c/0x30", "sys_newuname")]
    [TestCase("__s390x_sys_newuname", "sys_newuname")]
    [TestCase("__ia32_sys_newuname", "sys_newuname")]
    [TestCase("__riscv_sys_newuname", "sys_newuname")]
    [TestCase("__se_sys_newuname", "sys_newuname")]
    [TestCase("__do_sys_newuname.isra.0", "sys_newuname")]
    [TestCase("sys_newuname", "sys_newuname")]
    [TestCase("__x64_compat_sys_ioctl", "compat_sys_ioctl")]
    [TestCase("__ia32_compat_sys_ioctl", "compat_sys_ioctl")]
    [TestCase("__arm64_compat_sys_ioctl", "compat_sys_ioctl")]
    [TestCase("__do_compat_sys_ioctl", "compat_sys_ioctl")]
    [TestCase("__x64_something_else", "__x64_something_else")]
    [TestCase("__do_softirq", "__do_softirq")]
    [TestCase("ksys_read", "ksys_read")]
    public void SyscallWrappersAreTheSyscall(string symbol, string expected) =>
        Assert.That(FunctionName.Normalise(symbol), Is.EqualTo(expected));

    [Test]
    public void EveryRowsSyscallPrefixIsUnderstood()
    {
        // The prefixes come from the architecture table: a row added there is canonicalised here.
        foreach (var a in ArchTable.All)
            Assert.That(FunctionName.Normalise(a.SyscallPrefix + "getpid"), Is.EqualTo("sys_getpid"), a.Name);
    }

    [TestCase("x86_64", " __x64_sys_newuname+0x5/0x20\n do_syscall_64+0x5d/0xb0")]
    [TestCase("arm64", " __arm64_sys_newuname+0x5/0x20\n invoke_syscall+0x4c/0x110")]
    [TestCase("s390x", " [<000000000010095e>] __s390x_sys_newuname+0x5/0x20\n [<0000000000a225ee>] __do_syscall+0x1f6/0x220")]
    [TestCase("riscv64", " [<ffffffff80002c4a>] __riscv_sys_newuname+0x5/0x20\n [<ffffffff80b6a2e8>] do_trap_ecall_u+0xd8/0x130")]
    public void TheSameSyscallCrashHasOneTitleOnEveryArch(string arch, string frames)
    {
        var log = $"kernel BUG at kernel/sys.c:1300!\nCall Trace:\n{frames}\n---[ end trace 0000000000000000 ]---\n";
        Assert.That(First(log, arch).Title, Is.EqualTo("kernel BUG in sys_newuname"));
    }

    [Test]
    public void StackProtectorPanicNamesTheFunctionWithoutOffsetsOrModule()
    {
        var log = """
            Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: stp_format_comm+0x1a2/0x1b0 [stap_8981]
            CPU: 0 PID: 110 Comm: phload Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2
            Call Trace:
             <TASK>
             dump_stack_lvl+0x44/0x5c
             panic+0x118/0x2ed
             __stack_chk_fail+0x14/0x20
             stp_format_comm+0x1a2/0x1b0 [stap_8981]
             </TASK>
            Kernel Offset: 0x1c000000 from 0xffffffff81000000
            ---[ end Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: stp_format_comm+0x1a2/0x1b0 [stap_8981] ]---
            """;
        var r = First(log);
        Assert.That((r.Title, r.Kind, r.Culprit, r.Probe, r.Corrupted),
            Is.EqualTo(("kernel panic: stack is corrupted in stp_format_comm", CrashKinds.Panic, Verdicts.Culprit.ProbeEngine, "stap_8981", false)));
    }

    [Test]
    public void StackProtectorWithABareAddressTakesTheFunctionFromTheStack()
    {
        var log = """
            Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffffc0a1b2c3
            Call Trace:
             <TASK>
             panic+0x118/0x2ed
             __stack_chk_fail+0x14/0x20
             victim_fn+0x1a2/0x1b0
             </TASK>
            ---[ end Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ffffffffc0a1b2c3 ]---
            """;
        Assert.That(First(log).Title, Is.EqualTo("kernel panic: stack is corrupted in victim_fn"));
    }

    private static string StapCrash(int handler, string stack) => $"""
        BUG: kernel NULL pointer dereference, address: 0000000000000000
        Oops: 0002 [#1] PREEMPT SMP NOPTI
        RIP: 0010:probe_{handler}+0x71/0x140 [stap_62f83c17_{handler}]
        Call Trace:
         <TASK>
        {stack}
         </TASK>
        Modules linked in: stap_62f83c17_{handler}(FOE) virtio_console
        ---[ end trace 0000000000000000 ]---
        """;

    [Test]
    public void TwoScriptsCrashingTheSameWayInTheSameProbeGetOneTitle()
    {
        const string entry = " enter_kprobe_probe+0x133/0x240 [stap_62f83c17_{0}]\n ? __do_sys_getpid+0x1/0x30\n kprobe_ftrace_handler+0x10b/0x1b0\n 0xffffffffc029e0c8\n __do_sys_getpid+0x5/0x30\n do_syscall_64+0x5d/0xb0";
        var a = First(StapCrash(6373, string.Format(entry, 6373)));
        var b = First(StapCrash(1187, string.Format(entry, 1187)));
        Assert.That((a.Title, b.Title), Is.EqualTo((
            "BUG: unable to handle kernel NULL pointer dereference in stap probe on sys_getpid",
            "BUG: unable to handle kernel NULL pointer dereference in stap probe on sys_getpid")));
        Assert.That(a.GuiltyFrame, Is.EqualTo("stap probe on sys_getpid"));
    }

    [Test]
    public void AReturnProbesHandlerHasNoProbePointOnItsStackAndGetsThePlaceholder()
    {
        var stack = " enter_kretprobe_common+0x15e/0x280 [stap_62f83c17_1338]\n kretprobe_rethook_handler+0x44/0x60\n rethook_trampoline_handler+0x8f/0x130\n arch_rethook_trampoline+0x2c/0x60\n trace_clock_x86_tsc+0x20/0x20";
        Assert.That(First(StapCrash(1338, stack)).Title,
            Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in " + StapHandlerName.Placeholder));
    }

    [Test]
    public void ACrashInTheStapRuntimeKeepsTheRuntimeFunction()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            RIP: 0010:_stp_print_flush+0x21/0x90 [stap_1a2b3c_417]
            Call Trace:
             <TASK>
             probe_6543+0x30/0x90 [stap_1a2b3c_417]
             enter_kprobe_probe+0x1d2/0x3a0 [stap_1a2b3c_417]
             kprobe_ftrace_handler+0x10c/0x1b0
             vfs_read+0x5/0x2f0
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """;
        Assert.That(First(log).Title, Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in _stp_print_flush"));
    }

    [Test]
    public void Arm64ProbePointIsFoundPastTheBreakpointException()
    {
        var log = """
            Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
            Internal error: Oops: 0000000096000046 [#1] SMP
            pc : probe_6373+0x50/0x100 [stap_abc_99]
            lr : enter_kprobe_probe+0x1c0/0x3a0 [stap_abc_99]
            Call trace:
             probe_6373+0x50/0x100 [stap_abc_99]
             enter_kprobe_probe+0x1c0/0x3a0 [stap_abc_99]
             kprobe_breakpoint_handler+0x100/0x1a0
             call_break_hook+0x74/0x90
             brk_handler+0x24/0x70
             do_debug_exception+0xa4/0x160
             el1_dbg+0x6c/0x90
             el1h_64_sync_handler+0x40/0xa0
             el1h_64_sync+0x64/0x68
             __arm64_sys_getpid+0x0/0x20
             invoke_syscall+0x4c/0x110
            ---[ end trace 0000000000000000 ]---
            """;
        Assert.That(First(log, "arm64").Title, Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in stap probe on sys_getpid"));
    }

    [TestCase("Internal error: Oops - BRK: 00000000f2000800 [#1] SMP")]
    [TestCase("Internal error: Oops - BUG: 00000000f2000800 [#1] SMP")]
    [TestCase("Internal error: Oops - Undefined instruction: 0000000002000000 [#1] SMP")]
    [TestCase("Internal error: Oops: 0000000096000046 [#1] SMP")]
    [TestCase("Internal error: synchronous external abort: 0000000096000010 [#1] SMP")]
    public void Arm64InternalErrorsAreTitledAsTheFieldDoes(string header)
    {
        var log = $"{header}\npc : victim_fn+0x8/0x14\nlr : caller_fn+0x40/0x100\nCall trace:\n victim_fn+0x8/0x14\n caller_fn+0x40/0x100\n---[ end trace 0000000000000000 ]---\n";
        Assert.That(First(log, "arm64").Title, Is.EqualTo("Internal error in victim_fn"));
    }

    [Test]
    public void X86InvalidOpcodeIsTitledAsTheFieldDoes()
    {
        var log = "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\nRIP: 0010:victim_fn+0x4/0x10 [crashmod]\nCall Trace:\n <TASK>\n caller_fn+0x40/0x100\n </TASK>\n---[ end trace 0000000000000000 ]---\n";
        Assert.That(First(log).Title, Is.EqualTo("invalid opcode in victim_fn"));
    }

    [TestCase("ppc64le", "Oops: Exception in kernel mode, sig: 4 [#1]", "NIP [c008000000a1015c] victim_fn+0x1c/0x30 [crashmod]")]
    [TestCase("riscv64", "Oops - illegal instruction [#1]", "epc : victim_fn+0x4/0x10 [crashmod]")]
    [TestCase("s390x", "illegal operation: 0001 ilc:1 [#1] SMP", "Krnl PSW : 0704c00180000000 000003ff7fd0c236 (victim_fn+0x6/0x10 [crashmod])")]
    public void IllegalInstructionTrapsOfTheOtherFamiliesAreInvalidOpcodes(string arch, string header, string pc)
    {
        var log = $"{header}\n{pc}\nCall Trace:\n [<0000000000000001>] victim_fn+0x4/0x10 [crashmod]\n---[ end trace 0000000000000000 ]---\n";
        Assert.That(First(log, arch).Title, Is.EqualTo("invalid opcode in victim_fn"));
    }

    [TestCase("0000000000000000", "NULL pointer dereference")]
    [TestCase("0000000000010000", "paging request")]
    public void S390sOneWordingForBadAccessesIsToldApartByTheFailingPage(string page, string kind)
    {
        var log = $"Unable to handle kernel pointer dereference in virtual kernel address space\nFailing address: {page} TEID: 0000000000000483\n"
                  + "Oops: 0004 ilc:3 [#1] SMP\nKrnl PSW : 0704c00180000000 000003ff7fd0c236 (victim_fn+0x6/0x10 [crashmod])\n"
                  + "Call Trace:\n [<000003ff7fd0c236>] victim_fn+0x6/0x10 [crashmod]\n [<0000000000a31a12>] system_call+0x82/0xb0\n";
        Assert.That(First(log, "s390x").Title, Is.EqualTo($"BUG: unable to handle kernel {kind} in victim_fn"));
    }

    [TestCase("slab-out-of-bounds", "Write of size 1 at addr ffff888004a1c3a8 by task phload/97", "KASAN: slab-out-of-bounds Write in victim_fn")]
    [TestCase("use-after-free", "Read of size 1 at addr ffff888004a1c3a0 by task phload/97", "KASAN: use-after-free Read in victim_fn")]
    [TestCase("null-ptr-deref", "Read of size 8 at addr 0000000000000000 by task phload/97", "KASAN: null-ptr-deref Read in victim_fn")]
    [TestCase("slab-out-of-bounds", null, "KASAN: slab-out-of-bounds in victim_fn")]
    public void KasanTitlesNameTheAccessWhereTheReportGivesIt(string what, string? access, string title)
    {
        var log = "==================================================================\n"
                  + $"BUG: KASAN: {what} in victim_fn+0x3e/0x60 [crashmod]\n" + (access is null ? "" : access + "\n")
                  + "\nCPU: 0 PID: 97 Comm: phload Tainted: G           OE      6.1.0-57-amd64+debug #1  Debian 6.1.158-1\n"
                  + "Call Trace:\n <TASK>\n dump_stack_lvl+0x5b/0x77\n print_report+0x17f/0x4a0\n kasan_report+0xb9/0xf0\n"
                  + " victim_fn+0x3e/0x60 [crashmod]\n caller_fn+0x40/0x100\n </TASK>\n"
                  + "==================================================================\n";
        Assert.That(First(log).Title, Is.EqualTo(title));
    }

    [Test]
    public void AKernelBugBeforeArm64sInternalErrorKeepsItsTitle()
    {
        var log = "kernel BUG at drivers/foo.c:12!\nInternal error: Oops - BUG: 00000000f2000800 [#1] SMP\npc : victim_fn+0x8/0x14\nCall trace:\n victim_fn+0x8/0x14\n---[ end trace 0000000000000000 ]---\n";
        Assert.That(First(log, "arm64").Title, Is.EqualTo("kernel BUG in victim_fn"));
    }

    [TestCase("amd64")]
    [TestCase("aarch64")]
    [TestCase("ppc64el")]
    [TestCase("i686")]
    public void AnyNameOfARowSelectsIt(string alias) =>
        Assert.That(() => ConsoleTriage.Parse("hello\n", alias), Throws.Nothing);

    [Test]
    public void AnUnknownArchitectureIsRefusedNotReadAsEvery() =>
        Assert.That(() => ConsoleTriage.Parse("hello\n", "mips"), Throws.ArgumentException.With.Message.Contains("mips"));
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// Every report the triage recognises, as data. The first row whose header matches a line wins,
/// so specific headers come before the general ones they would also match. Titles follow
/// syzkaller's shapes so that the same bug gets the same title on every run, arch and boot.
/// </summary>
public static class CrashPatterns
{
    private static Regex R(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);

    // Kernel families (Arch.KernelArch: the arch/ directory whose code prints the header), not
    // architecture rows: i386 and x86_64 share arch/x86, and a new row of a known family needs nothing here.
    private static readonly string[] X86 = ["x86"];
    private static readonly string[] Arm64 = ["arm64"];
    private static readonly string[] ArmRiscv = ["arm64", "riscv"];
    private static readonly string[] Ppc = ["powerpc"];
    private static readonly string[] Riscv = ["riscv"];
    private static readonly string[] S390 = ["s390"];

    public static readonly IReadOnlyList<CrashPattern> All =
    [
        // Sanitizers name the bug class in the header.
        // KASAN's next line says how the memory was touched ("Write of size 1 at addr …"); syzkaller's
        // title carries it. A report cut before that line keeps the header's words only.
        new("kasan", CrashKinds.Memory, R(@"^BUG: KASAN: (?<what>[\w-]+(?: [\w-]+)*?) in "), "KASAN: {what} in {func}",
            Refine: new(R(@"^(?<access>Read|Write) of size \d+ at addr "), "KASAN: {what} {access} in {func}")),
        new("kfence", CrashKinds.Memory, R(@"^BUG: KFENCE: (?<what>[\w-]+(?: [\w-]+)*?) in "), "KFENCE: {what} in {func}"),
        new("ubsan", CrashKinds.Ubsan, R(@"^UBSAN: (?<what>[\w-]+(?: [\w-]+)*?) in "), "UBSAN: {what} in {func}"),

        // Lockdep (not built into Debian kernels, but custom kernels have it).
        new("lockdep-circular", CrashKinds.Lockdep, R(@"^WARNING: possible circular locking dependency detected"), "possible deadlock in {func}"),
        new("lockdep-recursive", CrashKinds.Lockdep, R(@"^WARNING: possible recursive locking detected"), "possible deadlock in {func}"),
        new("lockdep-inconsistent", CrashKinds.Lockdep, R(@"^WARNING: inconsistent lock state"), "inconsistent lock state in {func}"),
        new("lockdep-held", CrashKinds.Lockdep, R(@"^(?:WARNING|BUG): (?<what>lock held when returning to user space|held lock freed)"), "WARNING: {what} in {func}"),

        // Data-structure checks that print their finding before the BUG() that stops them.
        new("list-corruption", CrashKinds.Bug, R(@"^list_(?:add|del) corruption"), "BUG: corrupted list in {func}"),
        new("usercopy", CrashKinds.Bug, R(@"^usercopy: Kernel memory (?:exposure|overwrite) attempt detected"), "BUG: bad usercopy in {func}"),
        new("fortify", CrashKinds.Bug, R(@"^(?:detected buffer overflow in|strnlen: detected buffer overflow)"), "BUG: fortify buffer overflow in {func}"),

        // Context violations.
        new("sleep-atomic", CrashKinds.Bug, R(@"^BUG: sleeping function called from invalid context"), "BUG: sleeping function called from invalid context in {func}", SkipScheduler: true),
        new("schedule-atomic", CrashKinds.Bug, R(@"^BUG: scheduling while atomic"), "BUG: scheduling while atomic in {func}", SkipScheduler: true),
        // The stack protector names the function whose canary died; syzkaller's title. Offsets and the
        // module tag (stap_8981 changes with every build) are not part of it.
        new("stack-protector", CrashKinds.Panic, R(@"^Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: (?<sym>.+)$"), "kernel panic: stack is corrupted in {func}"),
        new("stack-end", CrashKinds.Panic, R(@"^Kernel panic - not syncing: corrupted stack end detected"), "kernel panic: corrupted stack end in {func}", SkipScheduler: true),

        // Stack overflow: x86 catches it at the guard page, arm64 on its overflow stack.
        new("stack-guard", CrashKinds.Bug, R(@"^BUG: (?:TASK |IRQ |SOFTIRQ |NMI |\w+ )?stack guard page was hit"), "BUG: stack guard page was hit in {func}", X86),
        new("double-fault", CrashKinds.Bug, R(@"^(?:PANIC: double fault|kernel stack overflow \(double-fault\))"), "kernel stack overflow in {func}", X86),
        new("arm64-stack", CrashKinds.Bug, R(@"^Insufficient stack space to handle exception"), "kernel stack overflow in {func}", ArmRiscv),

        // Watchdogs. The frame is what the stuck CPU was running, not the timer that noticed.
        new("soft-lockup", CrashKinds.Lockup, R(@"^(?:watchdog: )?BUG: soft lockup - CPU#\d+ stuck"), "BUG: soft lockup in {func}", SkipInterrupts: true),
        new("hard-lockup", CrashKinds.Lockup, R(@"^(?:NMI watchdog: )?Watchdog detected hard LOCKUP on cpu"), "BUG: hard lockup in {func}", SkipInterrupts: true),
        new("rcu-stall", CrashKinds.Stall, R(@"^(?:rcu: )?INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected (?:expedited )?stalls?"), "INFO: rcu detected stall in {func}", SkipInterrupts: true),
        new("rcu-tasks-stall", CrashKinds.Stall, R(@"^INFO: rcu_tasks(?:_trace)? detected stalls"), "INFO: rcu tasks detected stall in {func}", SkipInterrupts: true, SkipScheduler: true),
        new("hung-task", CrashKinds.Hang, R(@"^INFO: task .+:\d+ blocked for more than \d+ seconds"), "INFO: task hung in {func}", SkipScheduler: true),
        new("workqueue-lockup", CrashKinds.Hang, R(@"^BUG: workqueue lockup"), "BUG: workqueue lockup", NeedsFrame: false),

        // Oopses. x86 and i386 print "BUG: ..., address:" then "#PF:" then "Oops:"; the first wins.
        // Titles are syzkaller's, whatever the kernel's wording ("BUG: kernel NULL pointer dereference",
        // "unable to handle page fault for address", arm64's "Unable to handle kernel paging request"):
        // one bug, one title, on every architecture and kernel version, and the same as syzbot's.
        new("null-deref", CrashKinds.Bug, R(@"^BUG: (?:kernel NULL pointer dereference|unable to handle kernel NULL pointer dereference)"), "BUG: unable to handle kernel NULL pointer dereference in {func}", X86),
        new("page-fault", CrashKinds.Bug, R(@"^BUG: unable to handle (?:page fault|kernel paging request)"), "BUG: unable to handle kernel paging request in {func}", X86),
        new("arm-null-deref", CrashKinds.Bug, R(@"^Unable to handle kernel NULL pointer dereference at virtual address"), "BUG: unable to handle kernel NULL pointer dereference in {func}", ArmRiscv),
        // riscv (6.12) reports a NULL dereference as an access to user memory (page 0 is user space),
        // arm64 does so under PAN: by the address, it is the NULL dereference x86 and arm64 name as such.
        new("arm-user-null", CrashKinds.Bug, R(@"^Unable to handle kernel access to user memory(?: without uaccess routines)? at virtual address 0000000000000[0-9a-f]{3}\b"), "BUG: unable to handle kernel NULL pointer dereference in {func}", ArmRiscv),
        new("arm-page-fault", CrashKinds.Bug, R(@"^Unable to handle kernel (?:paging request|access to user memory|execute from non-executable memory|write to read-only memory)"), "BUG: unable to handle kernel paging request in {func}", ArmRiscv),
        new("ppc-null-deref", CrashKinds.Bug, R(@"^BUG: Kernel NULL pointer dereference on (?:read|write)"), "BUG: unable to handle kernel NULL pointer dereference in {func}", Ppc),
        new("ppc-page-fault", CrashKinds.Bug, R(@"^BUG: Unable to handle kernel (?:data access|instruction fetch)"), "BUG: unable to handle kernel paging request in {func}", Ppc),
        // s390 words every bad kernel access alike; the next lines give the failing page (TEID: page
        // granular), and page 0 is a NULL dereference as on every other architecture.
        new("s390-page-fault", CrashKinds.Bug, R(@"^Unable to handle kernel pointer dereference in virtual kernel address space"), "BUG: unable to handle kernel paging request in {func}", S390,
            Refine: new(R(@"^Failing address: 0000000000000000 "), "BUG: unable to handle kernel NULL pointer dereference in {func}")),
        new("gpf", CrashKinds.Bug, R(@"^general protection fault"), "general protection fault in {func}", X86),
        new("kernel-bug", CrashKinds.Bug, R(@"^kernel BUG at "), "kernel BUG in {func}"),
        new("invalid-opcode", CrashKinds.Bug, R(@"^invalid opcode: "), "invalid opcode in {func}", X86),
        new("s390-illegal", CrashKinds.Bug, R(@"^illegal operation: "), "invalid opcode in {func}", S390),
        new("divide-error", CrashKinds.Bug, R(@"^divide error: "), "divide error in {func}", X86),
        // arm64's die() for every trap it cannot handle ("Oops - BRK", "Oops - BUG", "Oops - Undefined
        // instruction", "Oops: <ESR>"): the field titles them all "Internal error in F", the kind left out,
        // since the same bug shows as different kinds on different CPUs and kernels. A BUG() says
        // "kernel BUG at" first, and an abort "Unable to handle ...": those headers win.
        new("arm-internal", CrashKinds.Bug, R(@"^Internal error: "), "Internal error in {func}", Arm64),
        // powerpc's program check for an illegal instruction in kernel mode: die() with SIGILL.
        new("ppc-illegal", CrashKinds.Bug, R(@"^Oops: Exception in kernel mode, sig: 4 \[#"), "invalid opcode in {func}", Ppc),
        // riscv's die() names the trap: "Oops - illegal instruction [#1]", "Oops - load access fault [#1]".
        new("riscv-illegal", CrashKinds.Bug, R(@"^Oops - illegal instruction \[#"), "invalid opcode in {func}", Riscv),
        new("riscv-oops", CrashKinds.Bug, R(@"^Oops - (?<what>[^\[]+?) \[#"), "Oops: {what} in {func}", Riscv),
        new("ppc-oops", CrashKinds.Bug, R(@"^Oops: (?<what>[^,\[]+?)(?:, sig: \d+)? \[#"), "Oops: {what} in {func}", Ppc),
        new("oops", CrashKinds.Bug, R(@"^Oops(?:: [0-9a-f]+(?: ilc:\d)?)? \[#\d+\]"), "Oops in {func}"),

        new("warning", CrashKinds.Warning, R(@"^WARNING: (?:CPU: \d+ PID: \d+ at |at )"), "WARNING in {func}"),
        new("bug-generic", CrashKinds.Bug, R(@"^BUG: (?<what>[A-Za-z][\w -]*?[a-z])(?:[:,!(]| at |$)"), "BUG: {what} in {func}"),

        // Panics. Follow-on panics ("Fatal exception", "panic_on_warn set") close the report
        // they follow; alone, they are titled by their message.
        new("panic-followon", CrashKinds.Panic, R(@"^Kernel panic - not syncing: (?<msg>Fatal exception(?: in interrupt)?|.*panic_on_warn set|softlockup: hung tasks|hung_task: blocked tasks|RCU Stall|Hard LOCKUP|kernel stack overflow|.*panic_on_oops)"), "kernel panic: {msg}", Consequence: true, NeedsFrame: false),
        new("panic", CrashKinds.Panic, R(@"^Kernel panic - not syncing: (?<msg>.*)"), "kernel panic: {msg}", NeedsFrame: false),
    ];
}

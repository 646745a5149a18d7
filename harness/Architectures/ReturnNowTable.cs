namespace ProbeHarness.Architectures;

/// <summary>
/// Each architecture's way of returning from a function before its first instruction runs, one
/// row per row of <see cref="ArchTable"/> (a test holds the two tables to the same names). These
/// are the moves the kernel's own error injection makes on the architectures that have it.
/// </summary>
public static class ReturnNowTable
{
    public static readonly IReadOnlyList<ReturnNow> All =
    [
        // Entry kprobes sit on ftrace here, and ftrace's trampoline does not take a changed stack
        // pointer back, so the `ret` is emulated by running one: an empty function's own return
        // pops the caller's return address, which is still on top of the stack at the entry.
        new("x86_64", "(regs)->ip = (unsigned long)phinject_ret_stub;", "ip <- an empty function, whose ret returns to the caller"),
        new("i386", "(regs)->ip = (unsigned long)phinject_ret_stub;", "ip <- an empty function, whose ret returns to the caller"),
        // At the first instruction the link register still holds the return address.
        new("arm64", "(regs)->pc = (regs)->regs[30];", "pc <- lr (x30)"),
        // regs_set_return_ip also tells the exception exit that NIP changed.
        new("ppc64le", "regs_set_return_ip((regs), (regs)->link);", "nip <- link register"),
        new("s390x", "(regs)->psw.addr = (regs)->gprs[14];", "psw.addr <- r14"),
        new("riscv64", "(regs)->epc = (regs)->ra;", "epc <- ra"),
    ];

    /// <summary>The recipe for <paramref name="arch"/>; an error naming it when the table has none.</summary>
    public static ReturnNow Get(Arch arch) =>
        All.FirstOrDefault(r => r.Arch == arch.Name)
        ?? throw new ArgumentException($"no return-now recipe for architecture '{arch.Name}' in harness/Architectures/ReturnNowTable.cs");
}

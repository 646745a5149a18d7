namespace ProbeHarness.Architectures;

/// <summary>
/// How a kprobe pre-handler makes the probed function return at once, on one architecture: the
/// value goes into the row's <see cref="Arch.ReturnRegister"/>, and the instruction pointer is
/// set so that execution resumes in the caller as if the function had returned. The kprobe core
/// resumes at that pointer when the handler returns 1. The error-injection module
/// (vmimages/modules/phinject) is built with this as its <c>phinject_arch.h</c>.
/// </summary>
/// <param name="Arch">The architecture row's name.</param>
/// <param name="ToCaller">C statements (with <c>regs</c> the handler's pt_regs) that resume in the caller.</param>
/// <param name="Why">What the statements do, in words: printed by the module when it loads.</param>
public sealed record ReturnNow(string Arch, string ToCaller, string Why)
{
    /// <summary>The header the module includes: its recipe for <paramref name="arch"/>.</summary>
    public string Header(Arch arch) =>
        $"""
        /* Written by the harness from harness/Architectures/ReturnNowTable.cs for {arch.Name}. */
        #define PHINJECT_RECIPE "{arch.Name}: {arch.ReturnRegister} <- value; {Why}"
        #define PHINJECT_RETURN_NOW(regs, v) do {"{"} (regs)->{arch.ReturnRegister} = (unsigned long)(v); {ToCaller} {"}"} while (0)

        """;
}

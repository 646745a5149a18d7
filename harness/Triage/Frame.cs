namespace ProbeHarness.Triage;

/// <summary>One stack frame of a report, in the order it was printed.</summary>
/// <param name="Function">Normalised function name (no offset, no clone suffix).</param>
/// <param name="Module">The [module] tag, null for the core kernel.</param>
/// <param name="Questionable">Printed with "?": stale stack contents the unwinder could not vouch for.</param>
/// <param name="IsPc">From a RIP/PC/NIP/EIP/epc/PSW line rather than the call trace.</param>
/// <param name="InInterrupt">Inside an &lt;IRQ&gt;/&lt;NMI&gt;/&lt;SOFTIRQ&gt; section of an x86 trace.</param>
/// <param name="IsLink">From a link-register line (arm64 "lr :", riscv "ra :", ppc "LR"): the caller
/// of the faulting function, real but possibly stale. Evidence for blame, never a title.</param>
public sealed record Frame(string Function, string? Module, bool Questionable, bool IsPc, bool InInterrupt, bool IsLink = false);

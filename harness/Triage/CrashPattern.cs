using System.Text.RegularExpressions;
using ProbeHarness.Architectures;

namespace ProbeHarness.Triage;

/// <summary>
/// One kind of kernel report: how its first line looks and how to title it.
/// </summary>
/// <param name="Name">Short identifier for tests and logs.</param>
/// <param name="Kind">One of <see cref="CrashKinds"/>.</param>
/// <param name="Header">Matches the report's first line (timestamps stripped). Named groups feed the title.</param>
/// <param name="Title">The title; "{func}" is the guilty frame, "{name}" a header group. " in {func}" is dropped when no frame is found.</param>
/// <param name="KernelArches">The kernel families (<see cref="Arch.KernelArch"/>: the kernel's arch/ directory, whose
/// traps.c and fault.c print the header) that print it; null for all. A new row of the architecture table
/// of a known family gets that family's headers without a change here.</param>
/// <param name="Consequence">A follow-on line (e.g. "Kernel panic ... Fatal exception") that belongs to a report already open, and is a report of its own only when none is.</param>
/// <param name="NeedsFrame">A report without a usable frame is corrupted (it lost its stack).</param>
/// <param name="SkipScheduler">Skip the scheduler and sleeping primitives when choosing the frame.</param>
/// <param name="SkipInterrupts">Skip frames inside &lt;IRQ&gt; sections (stalls, lockups: the interrupted code is the story).</param>
/// <param name="Refine">A line of the report that, when present, makes it a more precise kind with its own title (s390's
/// "Failing address: 0000000000000000" after its one wording for every bad access is a NULL dereference;
/// KASAN's "Write of size 1 at addr" gives the access its title names).</param>
public sealed record CrashPattern(
    string Name,
    string Kind,
    Regex Header,
    string Title,
    IReadOnlyList<string>? KernelArches = null,
    bool Consequence = false,
    bool NeedsFrame = true,
    bool SkipScheduler = false,
    bool SkipInterrupts = false,
    TitleRefinement? Refine = null)
{
    public bool AppliesTo(Arch? arch) => arch is null || KernelArches is null || KernelArches.Contains(arch.KernelArch);
}

/// <summary>A line that, seen in a report, gives it <paramref name="Title"/> instead of its pattern's; the line's named groups fill the title's slots of the same names.</summary>
public sealed record TitleRefinement(Regex Line, string Title);

using System.Text.RegularExpressions;

namespace ProbeHarness.Architectures;

/// <summary>
/// What an architecture's oops prints that triage needs from the row: where the faulting
/// instruction pointer is named, and the link register where there is one. Headers shared by
/// architectures of one kernel family are rows of <c>Triage/CrashPatterns.cs</c>, keyed by
/// <see cref="Arch.KernelArch"/>; call-trace lines differ only in their address decorations,
/// which the frame parser reads for all of them.
/// </summary>
/// <param name="PcLine">Matches the line naming the faulting function; group "sym" is the symbol.</param>
/// <param name="LinkLine">Matches the link-register line (the faulting function's caller), if the architecture prints one.</param>
public sealed record OopsFacts(Regex PcLine, Regex? LinkLine = null)
{
    public OopsFacts(string pcLine, string? linkLine = null)
        : this(Compile(pcLine), linkLine is null ? null : Compile(linkLine))
    {
    }

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
}

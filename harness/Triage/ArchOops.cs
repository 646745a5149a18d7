using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// Where an architecture's oops prints the faulting instruction pointer. Call-trace lines differ
/// only in their address decorations, which <see cref="FrameParser"/> reads for all of them.
/// </summary>
/// <param name="Arch">The harness's architecture name (as in ArchTable).</param>
/// <param name="PcLine">Matches the line naming the faulting function; group "sym" is the symbol.</param>
/// <param name="LinkLine">Matches the link-register line, where the architecture prints one.</param>
public sealed record ArchOops(string Arch, Regex PcLine, Regex? LinkLine = null);

public static class ArchOopsTable
{
    public static readonly IReadOnlyList<ArchOops> All =
    [
        new("x86_64", new Regex(@"^RIP: [0-9a-f]{4}:(?<sym>\S.*)$", RegexOptions.Compiled)),
        new("i386", new Regex(@"^EIP: (?:[0-9a-f]{4}:\[<[0-9a-f]+>\] )?(?<sym>[^\s].*)$", RegexOptions.Compiled)),
        // arm64 kprobe handlers run from the BRK exception; the unwinder skips kprobe_breakpoint_handler,
        // which then shows only as the link register.
        new("arm64", new Regex(@"^pc : (?<sym>\S.*)$", RegexOptions.Compiled), new Regex(@"^lr : (?<sym>\S.*)$", RegexOptions.Compiled)),
        new("ppc64le", new Regex(@"^NIP \[[0-9a-f]+\] (?<sym>\S.*)$", RegexOptions.Compiled), new Regex(@"^LR \[[0-9a-f]+\] (?<sym>\S.*)$", RegexOptions.Compiled)),
        new("s390x", new Regex(@"^Krnl PSW : [0-9a-f]+ [0-9a-f]+ \((?<sym>[^)]+)\)", RegexOptions.Compiled)),
        new("riscv64", new Regex(@"^epc : (?<sym>\S.*)$", RegexOptions.Compiled), new Regex(@"^\s*ra : (?<sym>\S.*)$", RegexOptions.Compiled)),
    ];

    /// <summary>The rows to try: one architecture's when it is known, every row otherwise.</summary>
    public static IReadOnlyList<ArchOops> For(string? arch)
    {
        if (arch is null) return All;
        var name = arch switch { "amd64" => "x86_64", "ppc64el" => "ppc64le", "aarch64" => "arm64", _ => arch };
        var row = All.Where(a => a.Arch == name).ToList();
        return row.Count > 0 ? row : All;
    }
}

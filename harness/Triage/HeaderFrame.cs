using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// The frame a header names itself, in its "sym" group ("Kernel stack is corrupted in:
/// stp_format_comm+0x1a2/0x1b0 [stap_8981]"): offsets and the module tag are not part of the
/// function's name, and the module is evidence for blame like any frame's.
/// </summary>
public static partial class HeaderFrame
{
    [GeneratedRegex(@"^(?<fn>[A-Za-z_.$][\w.$]*)(?:\+0x[0-9a-f]+/0x[0-9a-f]+)?(?:\s+\[(?<mod>[\w-]+)\])?")]
    private static partial Regex Symbol();

    public static Frame? Parse(Match header)
    {
        var g = header.Groups["sym"];
        if (!g.Success) return null;
        var m = Symbol().Match(g.Value.Trim());
        // A bare address ("corrupted in: ffffffffc0a1b2c3") names nothing: the stack will.
        if (!m.Success || Regex.IsMatch(m.Groups["fn"].Value, "^[0-9a-f]+$")) return null;
        return new Frame(FunctionName.Normalise(m.Groups["fn"].Value), m.Groups["mod"].Success ? m.Groups["mod"].Value : null,
            Questionable: false, IsPc: true, InInterrupt: false);
    }
}

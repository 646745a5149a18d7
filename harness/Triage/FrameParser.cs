using System.Globalization;
using System.Text.RegularExpressions;
using ProbeHarness.Architectures;

namespace ProbeHarness.Triage;

/// <summary>Reads frames out of report lines (already stripped of timestamps).</summary>
public sealed partial class FrameParser(Arch? arch, SymbolTable? symbols)
{
    // Covers x86 " ? f+0x1/0x2 [mod]", ppc "[c0..] [c0..] f+0x1/0x2 (unreliable)",
    // s390 " [<0003ff..>] f+0x1/0x2", riscv "[<ffff..>] f+0x1/0x2" and arm64 " f+0x1/0x2 [mod]".
    [GeneratedRegex(@"^\s*\(?(?:\[<?[0-9a-f]+>?\]\s*)*(?<q>\?\s+)?(?<sym>[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+/0x[0-9a-f]+(?:\s+\[[\w-]+[^\]]*\])?)")]
    private static partial Regex TraceFrame();

    // A frame the unwinder printed as a bare address: only a symbol table can name it.
    [GeneratedRegex(@"^\s*(?:\[<?[0-9a-f]+>?\]\s*)*(?<q>\?\s+)?0x(?<addr>[0-9a-f]{8,16})\s*$")]
    private static partial Regex RawFrame();

    [GeneratedRegex(@"^(?<fn>[A-Za-z_.$][\w.$]*)(?:\+0x[0-9a-f]+(?:/0x[0-9a-f]+)?)?(?:\s+\[(?<mod>[\w-]+)[^\]]*\])?")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"^0x(?<addr>[0-9a-f]{8,16})\b")]
    private static partial Regex RawSymbol();

    // The architecture's own PC and link-register lines; every row's when the architecture is not known.
    private readonly IReadOnlyList<OopsFacts> pcLines = arch is null ? ArchTable.All.Select(a => a.Oops).ToList() : [arch.Oops];
    private int interruptDepth;

    /// <summary>Tracks &lt;IRQ&gt;...&lt;/IRQ&gt; sections; call once per line, in order.</summary>
    public Frame? Parse(string line)
    {
        var t = line.Trim();
        if (t is "<IRQ>" or "<NMI>" or "<SOFTIRQ>") { interruptDepth++; return null; }
        if (t is "</IRQ>" or "</NMI>" or "</SOFTIRQ>" or "<EOI>") { interruptDepth = Math.Max(0, interruptDepth - 1); return null; }
        if (t is "<TASK>" or "</TASK>") { interruptDepth = 0; return null; }

        foreach (var pc in pcLines)
        {
            var m = pc.PcLine.Match(line);
            if (m.Success) return FromSymbol(m.Groups["sym"].Value, questionable: false, isPc: true);
            var l = pc.LinkLine?.Match(line);
            if (l is { Success: true }) return FromSymbol(l.Groups["sym"].Value, questionable: false, isPc: false) is { } f0 ? f0 with { IsLink = true } : null;
        }
        var f = TraceFrame().Match(line);
        if (f.Success) return FromSymbol(f.Groups["sym"].Value, f.Groups["q"].Success, isPc: false);
        var r = RawFrame().Match(line);
        if (r.Success) return FromAddress(r.Groups["addr"].Value, r.Groups["q"].Success, isPc: false);
        return null;
    }

    private Frame? FromSymbol(string sym, bool questionable, bool isPc)
    {
        var raw = RawSymbol().Match(sym);
        if (raw.Success) return FromAddress(raw.Groups["addr"].Value, questionable, isPc);
        var m = Symbol().Match(sym);
        if (!m.Success) return null;
        var mod = m.Groups["mod"].Success ? m.Groups["mod"].Value : null;
        return new Frame(FunctionName.Normalise(m.Groups["fn"].Value), mod, questionable, isPc, interruptDepth > 0);
    }

    private Frame? FromAddress(string hex, bool questionable, bool isPc)
    {
        if (symbols is null) return null;
        var addr = ulong.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var sym = symbols.Resolve(addr);
        return sym is null ? null
            : new Frame(FunctionName.Normalise(sym.Value.Name), sym.Value.Module, questionable, isPc, interruptDepth > 0);
    }
}

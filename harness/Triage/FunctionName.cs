using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>Turns a symbol as printed in a frame into the stable name a title uses.</summary>
public static partial class FunctionName
{
    // Compiler clones (.isra.0, .constprop.3, .part.1, .cold, .llvm.123...) are the same source
    // function; which clone was hit changes with the compiler, not with the bug.
    [GeneratedRegex(@"(?:\.(?:isra|constprop|part|cold|llvm|lto_priv|localalias|clone)(?:\.\d+)?)+$")]
    private static partial Regex CloneSuffix();

    [GeneratedRegex(@"\+0x[0-9a-fA-F]+(?:/0x[0-9a-fA-F]+)?$")]
    private static partial Regex Offset();

    public static string Normalise(string symbol)
    {
        var s = Offset().Replace(symbol.Trim(), "");
        return CloneSuffix().Replace(s, "");
    }
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>Reads the "Modules linked in:" line an oops prints.</summary>
public static partial class ModulesLinkedIn
{
    [GeneratedRegex(@"^Modules linked in:(?<list>.*)$")]
    private static partial Regex Line();

    /// <summary>Module names on the line (taint flags dropped), or null when it is not that line.</summary>
    public static IReadOnlyList<string>? Parse(string line)
    {
        var m = Line().Match(line);
        if (!m.Success) return null;
        var list = m.Groups["list"].Value;
        var last = list.IndexOf("[last unloaded", StringComparison.Ordinal);
        if (last >= 0) list = list[..last];
        return list.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Split('(')[0])
            .Where(t => t.Length > 0)
            .ToList();
    }
}

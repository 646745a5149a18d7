namespace ProbeHarness.Kernels;

/// <summary>
/// Parses deb822 control stanzas, as printed by `apt-cache show` and stored in Packages files:
/// "Field: value" lines, continuation lines starting with a space, stanzas separated by a blank line.
/// </summary>
public static class DebControl
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseStanzas(string text)
    {
        var stanzas = new List<IReadOnlyDictionary<string, string>>();
        var current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? lastField = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0) stanzas.Add(current);
                current = new(StringComparer.OrdinalIgnoreCase);
                lastField = null;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (lastField is not null) current[lastField] += "\n" + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue; // not deb822; apt prints nothing else inside stanzas
            lastField = line[..colon];
            current[lastField] = line[(colon + 1)..].Trim();
        }
        if (current.Count > 0) stanzas.Add(current);
        return stanzas;
    }

    /// <summary>
    /// The package names a Depends field mentions, alternatives included, without versions or
    /// architecture qualifiers: "a (>= 1), b:any | c" gives a, b, c.
    /// </summary>
    public static IReadOnlyList<string> DependencyNames(string? depends) =>
        string.IsNullOrWhiteSpace(depends) ? [] :
        depends.Split(',', '|')
            .Select(d => d.Trim())
            .Select(d => d.Split(' ', '(', '[', '<')[0])
            .Select(d => d.Split(':')[0])
            .Where(d => d.Length > 0)
            .ToList();
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.KprobeEvents;

/// <summary>
/// One line of a kprobe_events script: `p:NAME SYMBOL[+off] [args]` or `r[N]:NAME SYMBOL [args]`.
/// The group is the harness's own, so events never clash with anything else in the guest.
/// </summary>
public sealed partial record KprobeDefinition(char Kind, string? MaxActive, string Name, string Target)
{
    public const string Group = "ph";

    [GeneratedRegex(@"^(?<kind>[pr])(?<max>\d*):(?:(?<group>[A-Za-z_][A-Za-z0-9_]*)/)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?<rest>\S.*)$")]
    private static partial Regex Line();

    public string EventsLine => $"{Kind}{MaxActive}:{Group}/{Name} {Target}";

    /// <summary>The probed kernel function: the target without its offset and fetch arguments.</summary>
    public string Symbol => Target.Split(' ')[0].Split('+')[0];

    /// <summary>Parses a script; comments (#) and blank lines are skipped. Errors name the line.</summary>
    public static IReadOnlyList<KprobeDefinition> Parse(string script, string file)
    {
        var defs = new List<KprobeDefinition>();
        var lines = script.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i].Trim();
            if (l.Length == 0 || l.StartsWith('#')) continue;
            var m = Line().Match(l);
            if (!m.Success)
                throw new FormatException($"{file}:{i + 1}: not a kprobe_events definition: '{l}' (want p:NAME SYMBOL or r:NAME SYMBOL)");
            if (m.Groups["kind"].Value == "p" && m.Groups["max"].Value.Length > 0)
                throw new FormatException($"{file}:{i + 1}: maxactive (a number after 'p') only applies to return probes");
            var name = m.Groups["name"].Value;
            if (defs.Any(d => d.Name == name)) throw new FormatException($"{file}:{i + 1}: event '{name}' defined twice");
            defs.Add(new KprobeDefinition(m.Groups["kind"].Value[0], m.Groups["max"].Value, name, m.Groups["rest"].Value.Trim()));
        }
        if (defs.Count == 0) throw new FormatException($"{file}: no kprobe_events definitions");
        return defs;
    }
}

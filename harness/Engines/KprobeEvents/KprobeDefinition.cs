using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.KprobeEvents;

/// <summary>
/// One line of a kprobe_events script: `p:NAME SYMBOL[+off] [args]` or `r[N]:NAME SYMBOL [args]`
/// defines a probe, in the harness's own group so events never clash with anything else in the
/// guest; `e:SUBSYSTEM/EVENT` enables one of the kernel's own tracefs events (a tracepoint, as
/// events/SUBSYSTEM/EVENT), defining nothing. For an `e` line, Target is the subsystem.
/// </summary>
public sealed partial record KprobeDefinition(char Kind, string? MaxActive, string Name, string Target)
{
    public const string Group = "ph";

    [GeneratedRegex(@"^(?<kind>[pr])(?<max>\d*):(?:(?<group>[A-Za-z_][A-Za-z0-9_]*)/)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?<rest>\S.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"^e:(?<subsystem>[A-Za-z_][A-Za-z0-9_]*)/(?<name>[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex ExistingLine();

    /// <summary>True for an `e` line: the kernel's own event, which the script enables but does not define.</summary>
    public bool Existing => Kind == 'e';

    public string EventsLine => Existing
        ? throw new InvalidOperationException($"{Target}/{Name} is the kernel's own event; it is enabled, not defined")
        : $"{Kind}{MaxActive}:{Group}/{Name} {Target}";

    /// <summary>The event's directory under tracefs: events/ph/NAME for a definition, events/SUBSYSTEM/EVENT for the kernel's own.</summary>
    public string EventDirectory => $"events/{(Existing ? Target : Group)}/{Name}";

    /// <summary>The probed kernel function: the target without its offset and fetch arguments (none for an `e` line).</summary>
    public string? Symbol => Existing ? null : Target.Split(' ')[0].Split('+')[0];

    /// <summary>Parses a script; comments (#) and blank lines are skipped. Errors name the line.</summary>
    public static IReadOnlyList<KprobeDefinition> Parse(string script, string file)
    {
        var defs = new List<KprobeDefinition>();
        var lines = script.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var l = lines[i].Trim();
            if (l.Length == 0 || l.StartsWith('#')) continue;
            if (ExistingLine().Match(l) is { Success: true } e)
            {
                var ev = e.Groups["name"].Value;
                if (defs.Any(d => d.Name == ev)) throw new FormatException($"{file}:{i + 1}: event '{ev}' named twice");
                defs.Add(new KprobeDefinition('e', null, ev, e.Groups["subsystem"].Value));
                continue;
            }
            var m = Line().Match(l);
            if (!m.Success)
                throw new FormatException($"{file}:{i + 1}: not a kprobe_events definition: '{l}' (want p:NAME SYMBOL, r:NAME SYMBOL or e:SUBSYSTEM/EVENT)");
            if (m.Groups["kind"].Value == "p" && m.Groups["max"].Value.Length > 0)
                throw new FormatException($"{file}:{i + 1}: maxactive (a number after 'p') only applies to return probes");
            var name = m.Groups["name"].Value;
            if (defs.Any(d => d.Name == name)) throw new FormatException($"{file}:{i + 1}: event '{name}' {(defs.First(d => d.Name == name).Existing ? "named" : "defined")} twice");
            defs.Add(new KprobeDefinition(m.Groups["kind"].Value[0], m.Groups["max"].Value, name, m.Groups["rest"].Value.Trim()));
        }
        if (defs.Count == 0) throw new FormatException($"{file}: no kprobe_events definitions or events");
        return defs;
    }
}

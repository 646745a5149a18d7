using System.Text;
using System.Text.RegularExpressions;
using ProbeHarness.DataFiles;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Kernels;

/// <summary>One line of the debug fragment: CONFIG_X=value, or `# CONFIG_X is not set` (Value null).</summary>
public sealed record ConfigSetting(string Symbol, string? Value, int Line)
{
    public string Text => Value is null ? $"# {Symbol} is not set" : $"{Symbol}={Value}";
}

/// <summary>
/// The debug twin's config (harness/Kernels/debug-twin.config, a kernel config fragment kept as
/// data): applied to Debian's config of the kernel with every module turned off, then checked
/// after `make olddefconfig`, which silently drops an option whose dependencies are not met.
/// </summary>
public sealed partial class DebugTwinConfig
{
    public string File { get; }
    public IReadOnlyList<ConfigSetting> Settings { get; }
    /// <summary>The fragment's text: part of the twin's cache key.</summary>
    public string Text { get; }

    private DebugTwinConfig(string file, IReadOnlyList<ConfigSetting> settings, string text) =>
        (File, Settings, Text) = (file, settings, text);

    public static string DefaultFile => Path.Combine(RepoPaths.Root(), "harness", "Kernels", "debug-twin.config");

    public static DebugTwinConfig Default() => Load(DefaultFile);

    public static DebugTwinConfig Load(string file) => Parse(System.IO.File.ReadAllText(file), file);

    /// <summary>Reads a fragment; a line that is neither a setting, a comment nor blank is a <see cref="DataFileException"/>.</summary>
    public static DebugTwinConfig Parse(string text, string file)
    {
        var settings = new List<ConfigSetting>();
        var seen = new Dictionary<string, int>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            var number = i + 1;
            if (line.Length == 0) continue;
            var setting = ParseLine(line, number);
            if (setting is null)
            {
                if (line.StartsWith('#')) continue;
                throw new DataFileException(file, number,
                    $"'{line}' is not a config setting: write CONFIG_NAME=value or '# CONFIG_NAME is not set'");
            }
            if (setting.Value is "")
                throw new DataFileException(file, number, $"{setting.Symbol} has no value; write '# {setting.Symbol} is not set' to turn it off");
            if (seen.TryGetValue(setting.Symbol, out var first))
                throw new DataFileException(file, number, $"{setting.Symbol} is set again (first on line {first})");
            seen[setting.Symbol] = number;
            settings.Add(setting);
        }
        if (settings.Count == 0) throw new DataFileException(file, 1, "the fragment sets no option");
        return new DebugTwinConfig(file, settings, text);
    }

    /// <summary>A .config line as a setting; null for comments and blanks.</summary>
    public static ConfigSetting? ParseLine(string line, int number)
    {
        if (SetPattern().Match(line) is { Success: true } set)
            return new ConfigSetting(set.Groups[1].Value, set.Groups[2].Value, number);
        if (UnsetPattern().Match(line) is { Success: true } unset)
            return new ConfigSetting(unset.Groups[1].Value, null, number);
        return null;
    }

    /// <summary>
    /// The config to hand to olddefconfig: <paramref name="debianConfig"/> with every module (=m)
    /// turned off except those the fragment keeps, the fragment's settings, and the release suffix
    /// (CONFIG_LOCALVERSION) that keeps the twin's release apart from the stock kernel's.
    /// </summary>
    public string Apply(string debianConfig, string localVersion)
    {
        var wanted = new List<(string Symbol, string Text)>(Settings.Select(s => (s.Symbol, s.Text)))
        {
            ("CONFIG_LOCALVERSION", $"CONFIG_LOCALVERSION=\"{localVersion}\""),
        };
        var symbols = wanted.Select(w => w.Symbol).ToHashSet();
        var output = new StringBuilder();
        foreach (var raw in debianConfig.TrimEnd('\n').Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var setting = ParseLine(line, 0);
            if (setting is not null && symbols.Contains(setting.Symbol)) continue;
            if (setting is { Value: "m" }) line = $"# {setting.Symbol} is not set";
            output.Append(line).Append('\n');
        }
        foreach (var (_, text) in wanted) output.Append(text).Append('\n');
        return output.ToString();
    }

    /// <summary>The fragment's settings that the resulting .config does not have, each with what it has instead.</summary>
    public IReadOnlyList<(ConfigSetting Wanted, string Actual)> Dropped(string resultingConfig)
    {
        var have = new Dictionary<string, string?>();
        foreach (var line in resultingConfig.Split('\n'))
            if (ParseLine(line.TrimEnd('\r'), 0) is { } s) have[s.Symbol] = s.Value;
        var dropped = new List<(ConfigSetting, string)>();
        foreach (var want in Settings)
        {
            var actual = have.TryGetValue(want.Symbol, out var v) ? v : null;
            // Off is off whether Kconfig writes '# is not set' or leaves the symbol out (its menu hidden).
            if (actual == want.Value) continue;
            dropped.Add((want, actual is null ? (have.ContainsKey(want.Symbol) ? "not set" : "absent") : $"={actual}"));
        }
        return dropped;
    }

    /// <summary>Throws naming each option Kconfig dropped, by its fragment line; nothing when all are set.</summary>
    public void CheckApplied(string resultingConfig, string configPath)
    {
        var dropped = Dropped(resultingConfig);
        if (dropped.Count == 0) return;
        throw new InfrastructureException(
            $"the debug twin's config lost {dropped.Count} option(s) in make olddefconfig (an unmet dependency): " +
            string.Join("; ", dropped.Select(d => $"{File}:{d.Wanted.Line}: {d.Wanted.Text} ended up {d.Actual}")) +
            $"; see {configPath}");
    }

    [GeneratedRegex(@"^(CONFIG_[A-Za-z0-9_]+)=(.*)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^# (CONFIG_[A-Za-z0-9_]+) is not set$")]
    private static partial Regex UnsetPattern();
}

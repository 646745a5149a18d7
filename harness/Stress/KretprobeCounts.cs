using System.Text.RegularExpressions;

namespace ProbeHarness.Stress;

/// <summary>
/// What a run says about one kretprobe: calls of the function (the module's own counter), returns
/// the probe's handler saw, and instances it missed. kprobe_events reports the last two in its
/// kprobe_profile (hits, misses: printed in the diagnostics); a SystemTap script prints
/// "PROBE N" for its return handler's hits, and the runtime's exit warning counts the misses as
/// "skipped probes".
/// </summary>
public sealed record KretprobeCounts(long? Entries, long? Returns, long? Misses)
{
    public static KretprobeCounts Read(string probe, string function, string output, string diagnostics)
    {
        long? entries = null, returns = null, misses = null;
        var module = Regex.Match(output, $@"^MODULE {Regex.Escape(function)} (\d+) (\d+)\s*$", RegexOptions.Multiline);
        if (module.Success) entries = long.Parse(module.Groups[1].Value);
        var profile = Regex.Match(diagnostics, $@"^\s*{Regex.Escape(probe)}\s+(\d+)\s+(\d+)\s*$", RegexOptions.Multiline);
        if (profile.Success)
            return new(entries, long.Parse(profile.Groups[1].Value), long.Parse(profile.Groups[2].Value));
        var hits = Regex.Match(output, $@"^{Regex.Escape(probe)} (\d+)\s*$", RegexOptions.Multiline);
        if (hits.Success) returns = long.Parse(hits.Groups[1].Value);
        var skipped = Regex.Match(diagnostics, @"skipped probes: (\d+)");
        // The runtime warns only when something was skipped: a run that printed its hits and no warning missed none.
        misses = skipped.Success ? long.Parse(skipped.Groups[1].Value) : returns is null ? null : 0;
        return new(entries, returns, misses);
    }
}

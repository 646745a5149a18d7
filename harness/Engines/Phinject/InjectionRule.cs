using System.Globalization;
using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.Phinject;

/// <summary>
/// Which of the workload's calls of the function fail: every one, none (a control that only
/// counts), the Nth, the first N, every Kth, or each with probability P from a seed (the same
/// seed picks the same calls). <see cref="ModuleValue"/> is how vmimages/modules/phinject reads it.
/// </summary>
public sealed partial record InjectionRule(string Kind, long N = 0, double P = 0, ulong Seed = 0)
{
    public const string Grammar = "always, never, nth:N, first:N, every:K or random:P:SEED (0 <= P <= 1)";

    [GeneratedRegex(@"^(?<kind>always|never)$|^(?<kind>nth|first|every):(?<n>\d{1,9})$|^(?<kind>random):(?<p>[01](?:\.\d{1,6})?):(?<seed>\d{1,19})$")]
    private static partial Regex Syntax();

    /// <summary>The rule written as a script has it; null when it is not one.</summary>
    public static InjectionRule? Parse(string text)
    {
        var m = Syntax().Match(text.Trim());
        if (!m.Success) return null;
        var kind = m.Groups["kind"].Value;
        if (kind == "random")
        {
            var p = double.Parse(m.Groups["p"].Value, CultureInfo.InvariantCulture);
            return p > 1 || !ulong.TryParse(m.Groups["seed"].Value, out var seed) ? null : new InjectionRule(kind, P: p, Seed: seed);
        }
        var n = m.Groups["n"].Success ? long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        // The 0th call and every 0th call mean nothing; the first 0 calls is a control, like never.
        return kind is "nth" or "every" && n == 0 ? null : new InjectionRule(kind, N: n);
    }

    /// <summary>The module's rule= parameter: the probability as parts per million.</summary>
    public string ModuleValue => Kind switch
    {
        "always" or "never" => Kind,
        "random" => $"random:{(long)Math.Round(P * 1_000_000)}:{Seed}",
        _ => $"{Kind}:{N}",
    };
}

using System.Text;
using ProbeHarness.Engines.Phinject;

namespace ProbeHarness.Exploring;

/// <summary>
/// The guest scripts of an exploration, both made of the phinject engine's own injection script
/// (<see cref="InjectionScript"/>): a step fails call N of one function around the unreclaimable
/// slab read before and after; a survey counts, without failing anything, how often the system
/// call reaches each function (rule never), one module load after another in one guest.
/// </summary>
public static class ExploreScripts
{
    private const string SlabKb = "awk '/^SUnreclaim:/ {print $2}' /proc/meminfo";

    public static string Step(InjectableFunction f, int nth, string modulePath, string workload)
    {
        var s = new StringBuilder();
        s.AppendLine($"slab_before=$({SlabKb})");
        s.AppendLine("(");
        s.Append(InjectionScript.For(Spec(f, new InjectionRule("nth", N: nth)), modulePath, workload));
        s.AppendLine(")");
        s.AppendLine("rc=$?");
        s.AppendLine($"echo \"slab: $slab_before $({SlabKb})\"");
        s.AppendLine("exit $rc");
        return s.ToString();
    }

    public static string Survey(IEnumerable<InjectableFunction> functions, string modulePath, string workload)
    {
        var s = new StringBuilder();
        foreach (var f in functions)
        {
            s.AppendLine($"echo 'function: {f.Name}'");
            s.AppendLine("(");
            s.Append(InjectionScript.For(Spec(f, new InjectionRule("never")), modulePath, workload));
            s.AppendLine(")");
        }
        s.AppendLine("exit 0");
        return s.ToString();
    }

    /// <summary>How many times the survey saw each function called; a function whose module would not load is absent.</summary>
    public static IReadOnlyDictionary<string, long> SurveyCounts(string stdout)
    {
        var counts = new Dictionary<string, long>();
        string? current = null;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("function: ", StringComparison.Ordinal)) current = line[10..];
            else if (current is not null && line.StartsWith("calls=", StringComparison.Ordinal)
                     && long.TryParse(line[6..].Split(' ')[0], out var n))
                counts[current] = n;
        }
        return counts;
    }

    private static InjectionSpec Spec(InjectableFunction f, InjectionRule rule) => new(f.Name, f.Returns, rule);

    /// <summary>The step as a suite test has it: an .inject script and the workload, to run again on its own.</summary>
    public static string Reproducer(InjectableFunction f, int nth, string workload) =>
        $"function: {f.Name}\nreturns: {f.ReturnsText}\nrule: nth:{nth}\n# workload: {workload}";
}

using ProbeHarness.Shell;
using System.Diagnostics;
using System.Text;
using ProbeHarness.Guest;
using ProbeHarness.Suites;

namespace ProbeHarness.Engines.KprobeEvents;

/// <summary>
/// The kernel's own kprobes and kretprobes through tracefs, and its own events (tracepoints) enabled
/// there: no compiler, nothing built on the host.
/// Hits are counted from the trace buffer for the workload's process only (an event filter on
/// its pid, set before it execs), and missed kretprobe instances and buffer overruns are
/// reported in the output, so an exact expectation catches them.
/// </summary>
public sealed class KprobeEventsEngine : IProbeEngine
{
    public string Name => "kprobe_events";

    public string Version => "kernel";

    public IReadOnlyList<string> GuestPackages => [];

    public Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var text = ScriptTemplate.Render(File.ReadAllText(test.ScriptPath), target.Arch);
        IReadOnlyList<KprobeDefinition> defs;
        try
        {
            defs = KprobeDefinition.Parse(text, test.ScriptPath);
        }
        catch (FormatException e)
        {
            return Task.FromResult(PreparedProbe.Failed(1, e.Message, e.Message, sw.Elapsed));
        }
        // Pass 1 is reading the definitions; nothing else happens before the guest.
        if (test.LastPass < 5) return Task.FromResult(PreparedProbe.HostDone("", sw.Elapsed));
        if (test.Workload is null)
            return Task.FromResult(PreparedProbe.Failed(1, $"{test.Source}: a kprobe_events test needs a workload", "", sw.Elapsed));
        return Task.FromResult(new PreparedProbe(true, null, null, "", [], GuestScript(defs, test.Workload), sw.Elapsed)
        {
            ProbedFunctions = defs.Where(d => !d.Existing).Select(d => d.Symbol!).Distinct().ToList(),
        });
    }

    /// <summary>Exit statuses of the guest script when the kernel refuses a definition or its enabling.</summary>
    private const int DefinitionRefused = 90, EnableRefused = 91;

    public ProbeOutput Interpret(StepResult step) => new(step.ExitStatus, step.StdoutText, step.StderrText)
    {
        // The status and the script's own message together: a workload may exit 90 too.
        Refused = (step.ExitStatus == DefinitionRefused && step.StderrText.Contains("kprobe_events refused: "))
                  || (step.ExitStatus == EnableRefused && step.StderrText.Contains("could not enable events"))
            ? $"the kernel refused the probes: {step.StderrText.Split('\n').FirstOrDefault(l => l.Contains("refused") || l.Contains("could not enable")) ?? "(no message)"}"
            : null,
    };

    /// <summary>
    /// The guest shell script: define the probes, enable them and the kernel's own events the script
    /// names, filter each on the workload's pid, run the workload, count, clean up.
    /// </summary>
    public static string GuestScript(IReadOnlyList<KprobeDefinition> defs, string workload)
    {
        var g = KprobeDefinition.Group;
        var probes = defs.Where(d => !d.Existing).ToList();
        var existing = defs.Where(d => d.Existing).ToList();
        // What is switched on, each with its filter: the harness's group as a whole, and each kernel event.
        var enabled = (probes.Count > 0 ? [$"events/{g}"] : new List<string>()).Concat(existing.Select(d => d.EventDirectory)).ToList();
        var s = new StringBuilder();
        s.AppendLine("T=/sys/kernel/tracing");
        s.AppendLine("[ -f $T/kprobe_events ] || mount -t tracefs nodev $T");
        s.AppendLine("echo 0 > $T/tracing_on; echo > $T/trace");
        var undefine = probes.Count > 0
            ? $" for e in {string.Join(' ', probes.Select(d => d.Name))}; do echo \"-:{g}/$e\" 2>/dev/null >> $T/kprobe_events; done;"
            : "";
        s.AppendLine($"cleanup() {{ for d in {string.Join(' ', enabled)}; do echo 0 2>/dev/null > $T/$d/enable; echo 0 2>/dev/null > $T/$d/filter; done;{undefine} }}");
        s.AppendLine("cleanup");
        foreach (var d in probes)
        {
            var line = Sh.Quote(d.EventsLine);
            s.AppendLine($"echo {line} >> $T/kprobe_events || {{ echo \"kprobe_events refused: \"{line} >&2; cleanup; exit {DefinitionRefused}; }}");
        }
        foreach (var d in enabled)
            s.AppendLine($"echo 1 > $T/{d}/enable || {{ echo 'could not enable events: {d}' >&2; cleanup; exit {EnableRefused}; }}");
        // The filter names the shell's own pid, which the workload keeps by exec: only its hits count.
        var filters = string.Join(' ', enabled.Select(d => $"/sys/kernel/tracing/{d}/filter"));
        s.AppendLine($"sh -c 'for f in {filters}; do echo \"common_pid == $$\" > $f || exit 1; done && echo 1 > /sys/kernel/tracing/tracing_on && eval \"exec $1\"' ph-workload {Sh.Quote(workload)} >&2");
        s.AppendLine("rc=$?");
        s.AppendLine("echo 0 > $T/tracing_on");
        foreach (var d in defs)
            s.AppendLine($"echo \"{d.Name} $(grep -c ' {d.Name}: ' $T/trace)\"");
        if (probes.Count > 0)
            s.AppendLine("awk '$3 != 0 { print \"MISSED \" $1 \" \" $3 }' $T/kprobe_profile | grep -E '^MISSED (" + string.Join('|', probes.Select(d => d.Name)) + ") '");
        s.AppendLine("cat $T/per_cpu/cpu*/stats | awk '/^overrun:/ { n += $2 } END { if (n > 0) print \"OVERRUN \" n }'");
        if (probes.Count > 0) s.AppendLine("cat $T/kprobe_profile >&2");
        s.AppendLine("cleanup");
        s.AppendLine("exit $rc");
        return s.ToString();
    }
}

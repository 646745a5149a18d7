using System.Text;
using ProbeHarness.Engines;
using ProbeHarness.Shell;

namespace ProbeHarness.GuestModules;

/// <summary>
/// Wraps a prepared probe so the guest loads the test's modules before the engine arms its probes
/// and unloads them after: the engine's own script runs unchanged in between. A module that will
/// not load ends the step with <see cref="LoadFailed"/>; one that will not unload afterwards (a
/// leaked reference, a kretprobe instance still pointing into it) turns a passing step into
/// <see cref="UnloadFailed"/>. A module with a /proc/&lt;name&gt; counters file has its non-zero
/// lines appended to the output as "MODULE name entries returns", so expectations see them.
/// </summary>
public static class ModuleLoading
{
    public const int LoadFailed = 92, UnloadFailed = 93;

    /// <summary>Where the engine's script goes in the guest.</summary>
    public const string EngineScript = "/tmp/ph-engine.sh";

    /// <summary>The probe with the modules shipped and loaded around it; the engine's script is written to <paramref name="scriptHostPath"/>.</summary>
    public static PreparedProbe Wrap(PreparedProbe probe, IReadOnlyList<BuiltModule> modules, string scriptHostPath)
    {
        if (modules.Count == 0 || !probe.Ok || probe.HostOnly) return probe;
        Directory.CreateDirectory(Path.GetDirectoryName(scriptHostPath)!);
        File.WriteAllText(scriptHostPath, probe.GuestScript);
        return probe with
        {
            Files = [.. probe.Files, .. modules.Select(m => new GuestFile(m.GuestPath, m.KoPath)), new GuestFile(EngineScript, scriptHostPath)],
            GuestScript = Script(modules),
        };
    }

    public static string Script(IReadOnlyList<BuiltModule> modules)
    {
        var s = new StringBuilder();
        foreach (var m in modules)
            s.AppendLine($"insmod {Sh.Quote(m.GuestPath)} || {{ echo 'module {m.Name} did not load' >&2; exit {LoadFailed}; }}");
        s.AppendLine($"sh {EngineScript}");
        s.AppendLine("rc=$?");
        foreach (var m in modules)
            s.AppendLine($"[ -r /proc/{m.Name} ] && awk '$2 != 0 || $3 != 0 {{ print \"MODULE \" $0 }}' /proc/{m.Name}");
        foreach (var m in modules.Reverse())
            s.AppendLine($"rmmod {m.Name} || {{ echo 'module {m.Name} did not unload' >&2; [ $rc = 0 ] && rc={UnloadFailed}; }}");
        s.AppendLine($"rm -f {EngineScript}");
        s.AppendLine("exit $rc");
        return s.ToString();
    }
}

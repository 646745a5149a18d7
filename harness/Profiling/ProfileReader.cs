using Microsoft.Diagnostics.Tracing;

namespace ProbeHarness.Profiling;

/// <summary>Reads a run's .nettrace (EventPipe) with TraceEvent into a <see cref="RunProfile"/>.</summary>
public static class ProfileReader
{
    public static RunProfile Read(string nettrace)
    {
        var open = new Dictionary<long, (string Phase, string Cell, string Detail, double Start)>();
        var spans = new List<PhaseSpan>();
        var cellStart = new Dictionary<string, double>();
        var cells = new Dictionary<string, (double, double)>();
        var cpu = new List<CpuPoint>();
        var children = new Dictionary<int, (string Name, double Ms)>();
        using (var source = new EventPipeEventSource(nettrace))
        {
            source.Dynamic.All += e =>
            {
                if (e.ProviderName != RunEvents.ProviderName) return;
                var t = e.TimeStampRelativeMSec;
                switch (e.EventName)
                {
                    case nameof(RunEvents.PhaseBegin):
                        open[(long)e.PayloadByName("id")] = ((string)e.PayloadByName("phase"), (string)e.PayloadByName("cell"), (string)e.PayloadByName("detail"), t);
                        break;
                    case nameof(RunEvents.PhaseEnd):
                        if (open.Remove((long)e.PayloadByName("id"), out var b)) spans.Add(new PhaseSpan(b.Phase, b.Cell, b.Detail, b.Start, t));
                        break;
                    case nameof(RunEvents.CellBegin):
                        cellStart[(string)e.PayloadByName("cell")] = t;
                        break;
                    case nameof(RunEvents.CellEnd):
                        var c = (string)e.PayloadByName("cell");
                        if (cellStart.Remove(c, out var s)) cells[c] = (s, t);
                        break;
                    case nameof(RunEvents.CpuSample):
                        cpu.Add(new CpuPoint((string)e.PayloadByName("at"), t,
                            (double)e.PayloadByName("selfUserMs") + (double)e.PayloadByName("selfSysMs"),
                            (double)e.PayloadByName("childUserMs") + (double)e.PayloadByName("childSysMs")));
                        break;
                    case nameof(RunEvents.ChildCpu):
                        var pid = (int)e.PayloadByName("pid");
                        var ms = (double)e.PayloadByName("userMs") + (double)e.PayloadByName("sysMs");
                        // Sampled before shutdown and again before the kill: the later, larger figure counts.
                        if (!children.TryGetValue(pid, out var old) || old.Ms < ms) children[pid] = ((string)e.PayloadByName("name"), ms);
                        break;
                }
            };
            source.Process();
        }
        var byName = children.Values.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.Sum(v => v.Ms));
        return new RunProfile(spans, cells, cpu, byName);
    }
}

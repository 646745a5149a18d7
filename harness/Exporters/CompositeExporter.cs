namespace ProbeHarness.Exporters;

/// <summary>
/// Runs every exporter, even when one throws: a broken JUnit writer must not cost the .sum.
/// Failures are collected and rethrown together at the end.
/// </summary>
public sealed class CompositeExporter(IEnumerable<IExporter> exporters) : IExporter
{
    private readonly IReadOnlyList<IExporter> _exporters = exporters.ToList();

    public string Name => "composite";

    public IReadOnlyList<IExporter> Exporters => _exporters;

    public void Export(RunReport report, string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var failures = new List<Exception>();
        foreach (var e in _exporters)
        {
            try { e.Export(report, runDirectory); }
            catch (Exception ex) { failures.Add(new InvalidOperationException($"exporter '{e.Name}' failed: {ex.Message}", ex)); }
        }
        if (failures.Count > 0) throw new AggregateException("some exporters failed", failures);
    }
}

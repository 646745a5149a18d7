using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>Turns a finished run into one file format in the run directory.</summary>
public interface IExporter
{
    string Name { get; }
    void Export(RunReport report, string runDirectory);
}

/// <summary>Everything an exporter may show: the run, its results in recording order, its exit code.</summary>
public sealed record RunReport(RunInfo Info, IReadOnlyList<TestResult> Results, int ExitCode);

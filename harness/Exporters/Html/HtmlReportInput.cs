namespace ProbeHarness.Exporters.Html;

/// <summary>Everything one report page shows: the run, its history, and what other tools measured for it.</summary>
public sealed record HtmlReportInput(
    RunReport Run,
    RunHistory History,
    ComparisonSummary? Comparison = null,
    IReadOnlyList<OverheadFigures>? Overhead = null);

using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Exporters;
using ProbeHarness.GuestSessions;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// A run of what the user asked for, by kind: a suite of <c>suites/</c> (<see cref="SuiteRun"/>),
/// or SystemTap's own suites (<see cref="ConformanceRun"/>). Each kind reads as its activity from
/// start to end and shares the stages: the kernel (<see cref="KernelStage"/>), the engines
/// (<see cref="Engines.EngineRegistry"/>), the guests, the record and the files (<see cref="RunBook"/>).
/// </summary>
public sealed class HarnessRun(RunOptions options, HarnessCache cache, IRunObserver observer)
{
    /// <summary>
    /// The files every run writes; <paramref name="sourceOf"/> names each result's source in the .sum ("Running X ...");
    /// <paramref name="history"/> gives the HTML report its trends.
    /// </summary>
    public static IExporter Exporters(Func<TestResult, string>? sourceOf = null, Results.IResultStore? history = null)
    {
        var dejagnu = new DejaGnuOptions(SourceOf: sourceOf);
        return new CompositeExporter([new DejaGnuSumExporter(dejagnu), new DejaGnuLogExporter(dejagnu), new JUnitExporter(), new MarkdownSummaryExporter(),
            new ProbeHarness.Exporters.Html.HtmlReportExporter(history), new ProbeHarness.Exporters.Kcidb.KcidbExporter()]);
    }

    /// <summary>Boots, restores and tests per guest of the last guest session, for the run's note and the benchmark.</summary>
    public GuestStats? Guests { get; private set; }

    public async Task<RunReport> ExecuteAsync(CancellationToken ct)
    {
        if (options.StapTestsuite is null && options.Suite != ConformanceSuites.Examples)
            return await new SuiteRun(options, cache, observer).ExecuteAsync(ct);
        var conformance = new ConformanceRun(options, cache, observer);
        try
        {
            return await conformance.ExecuteAsync(ct);
        }
        finally
        {
            Guests = conformance.Guests;
        }
    }
}

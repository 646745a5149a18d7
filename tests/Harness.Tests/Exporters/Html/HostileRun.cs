using ProbeHarness.Exporters;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters.Html;

/// <summary>
/// The sample run with console text that tries to become markup, three runs of history, a
/// comparison with findings and coverage, and overhead figures: every section of the page has data.
/// </summary>
internal static class HostileRun
{
    /// <summary>What an injected script would do if it ran: change the title, add an element.</summary>
    public const string Payload = "document.title='pwned';document.body.insertAdjacentHTML('beforeend','<b id=pwned>pwned</b>')";

    public static readonly string[] Attacks =
    [
        $"<script>{Payload}</script>",
        $"</pre><script>{Payload}</script><pre>",
        $"<img src=x onerror=\"{Payload}\">",
        $"<svg onload=\"{Payload}\"></svg>",
        $"\"><script>{Payload}</script>",
        "<style>body{display:none}</style>",
    ];

    private static readonly CrashInfo Hostile = new(
        "BUG: unable to handle page fault in <script>alert(1)</script>", "BUG", Culprit.Kernel, false, "<b>probe</b>",
        "BUG: unable to handle page fault for address: ffffffffc0001000\n" + string.Join('\n', Attacks) + "\nCall Trace:\n <TASK>\n");

    public static IReadOnlyList<TestResult> Results(double scale = 1) =>
    [
        .. SampleRun.Results.Select(r => r with { Duration = r.Duration * scale }),
        new("probes", "evil-<script>-name", SampleRun.X86, TestState.Fail, Culprit.Kernel, Attacks[4], TimeSpan.FromSeconds(5 * scale),
            string.Join('\n', Attacks), Hostile, "/runs/x/evil.console"),
        new("other-suite", "getpid", SampleRun.X86, TestState.Pass, Culprit.None, null, TimeSpan.FromSeconds(1 * scale), "ok"),
    ];

    public static RunReport Report => new(SampleRun.Info, Results(), 1);

    public static RunHistory History =>
        new([.. new[] { 0.8, 1.3 }.Select((s, i) => (SampleRun.Info with { Id = $"earlier-{i}", Started = SampleRun.Info.Started.AddDays(i - 2) }, Results(s))),
             (SampleRun.Info, Results())]);

    public static ComparisonSummary Comparison => new("earlier-1", SampleRun.Info.Id,
    [
        new("new-crash", FindingSeverity.High, "evil-<script>-name", SampleRun.X86.ToString(), "PASS", "FAIL", Attacks[0]),
        new("fixed", FindingSeverity.Info, "getpid", SampleRun.Arm.ToString(), "FAIL", "PASS"),
        new("new-failure", FindingSeverity.Medium, "openat", SampleRun.Arm.ToString(), "PASS", "FAIL"),
    ],
    [
        new(SampleRun.X86.ToString(), "kernel/fs functions", 120, 97),
        new(SampleRun.Arm.ToString(), "kernel/kprobes functions", 40, 44),
    ]);

    public static IReadOnlyList<OverheadFigures> Overhead =>
        [new("x86_64/6.1.0-53-amd64", "tcg", [new("kprobe", 1500, 1320, 1710, 30), new("kretprobe", 2100, 1800, 2500, 30)])];

    public static HtmlReportInput Input => new(Report, History, Comparison, Overhead);
}

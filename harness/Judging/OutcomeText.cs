namespace ProbeHarness.Judging;

/// <summary>The text a result keeps of an outcome: what ran printed, a build's log, a crash's excerpt, a machine's detail.</summary>
public static class OutcomeText
{
    public static string Of(Outcome o) => o switch
    {
        Outcome.Ran r => r.Output + (r.Diagnostics.Length > 0 ? $"\n--- diagnostics ---\n{r.Diagnostics}" : ""),
        Outcome.BuildFailed b => b.Log,
        Outcome.Crashed c => c.Crash.Excerpt,
        Outcome.MachineFailed m => m.Detail,
        _ => "",
    };
}

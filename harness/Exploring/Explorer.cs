using ProbeHarness.Judging;

namespace ProbeHarness.Exploring;

/// <summary>
/// fail-nth over one system call: a survey finds which listed functions the call reaches, then each
/// of those fails on its 1st call, its 2nd, ... (a fresh guest per step, which <paramref name="run"/>
/// provides) until a step injects nothing or <paramref name="maxSteps"/> steps were made; each step is
/// judged (<see cref="StepJudge"/>) and handed to <paramref name="judged"/> as soon as it is.
/// </summary>
/// <param name="run">Runs a guest script under a name and says what happened.</param>
public sealed class Explorer(ErrorPaths data, int maxSteps, string modulePath, string arch, string kernel,
    Func<string, string, CancellationToken, Task<Outcome>> run, Action<StepVerdict> judged)
{
    /// <summary>What the survey of a syscall found: calls per function, or why it could not say (then every function is tried).</summary>
    public sealed record Survey(IReadOnlyDictionary<string, long> Calls, string? Problem);

    public async Task<(Survey Survey, IReadOnlyList<StepVerdict> Steps)> ExploreAsync(string syscall, CancellationToken ct)
    {
        var workload = data.Syscalls[syscall];
        var surveyed = await run($"{syscall}/survey", ExploreScripts.Survey(data.Functions, modulePath, workload), ct);
        var survey = surveyed is Outcome.Ran ran
            ? new Survey(ExploreScripts.SurveyCounts(ran.Output), null)
            : new Survey(new Dictionary<string, long>(), $"the survey did not run to its end: {Why(surveyed)}");
        var steps = new List<StepVerdict>();
        foreach (var f in data.Functions)
        {
            // A function the unharmed call never reaches is not tried; without a survey, all are.
            if (survey.Problem is null && survey.Calls.GetValueOrDefault(f.Name) == 0) continue;
            for (var nth = 1; nth <= maxSteps; nth++)
            {
                var outcome = await run(StepVerdict.StepName(syscall, f.Name, nth), ExploreScripts.Step(f, nth, modulePath, workload), ct);
                var v = StepJudge.Judge(syscall, f, nth, outcome, data.SlabLeakKb, arch, kernel, ExploreScripts.Reproducer(f, nth, workload));
                steps.Add(v);
                judged(v);
                if (!v.More) break;
            }
        }
        return (survey, steps);
    }

    private static string Why(Outcome o) => o switch
    {
        Outcome.Crashed c => c.Crash.Title,
        Outcome.MachineFailed m => $"{m.Title}: {m.Detail}",
        Outcome.BuildFailed b => b.Reason,
        Outcome.NotRunnable n => n.Reason,
        _ => OutcomeText.Of(o),
    };
}

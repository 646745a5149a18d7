namespace ProbeHarness.Fuzzing;

/// <summary>
/// Delta debugging over a script's tree: tries the <see cref="ScriptReducer"/> candidates of the
/// current script, biggest cuts first, and moves to the first one that still shows the same
/// signature, until none does (1-minimal) or the budget of checks is spent.
/// </summary>
public static class Minimizer
{
    public static async Task<(StapScript Script, int Checks)> MinimizeAsync(StapScript script, Func<StapScript, CancellationToken, Task<bool>> stillFails,
        int budget, CancellationToken ct)
    {
        var current = script;
        var checks = 0;
        var seen = new HashSet<string> { StapPrinter.Print(script) };
        var progress = true;
        while (progress && checks < budget)
        {
            progress = false;
            foreach (var candidate in ScriptReducer.Candidates(current))
            {
                if (checks >= budget) break;
                if (!seen.Add(StapPrinter.Print(candidate))) continue;
                checks++;
                if (await stillFails(candidate, ct))
                {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return (current, checks);
    }
}

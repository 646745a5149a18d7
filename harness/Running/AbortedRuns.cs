using ProbeHarness.Results;

namespace ProbeHarness.Running;

/// <summary>
/// Runs closed as aborted before anyone knew why. A <see cref="RunBook"/> disposed unfinished
/// closes its run with a generic reason (the exception is still unwinding, out of its sight) and is
/// remembered here; whoever catches the exception (the CLI, a matrix group) then gives the reason.
/// </summary>
public static class AbortedRuns
{
    private static readonly List<(string Database, string Id)> Unexplained = [];

    // A matrix group's runs, kept apart from the other groups' in this async flow.
    private static readonly AsyncLocal<List<(string Database, string Id)>?> Current = new();

    internal static void Remember(string database, string id)
    {
        var pending = Current.Value ?? Unexplained;
        lock (pending) pending.Add((database, id));
    }

    /// <summary>Gives every run this process aborted without a reason its reason and exit code (best effort: the history may be the failure).</summary>
    public static void Explain(string reason, int exitCode) => Explain(Unexplained, reason, exitCode);

    /// <summary>Runs aborted in this async flow from now on belong to the scope: <c>using var s = AbortedRuns.Scope(); ... s.Explain(why)</c>.</summary>
    public static Group Scope()
    {
        var runs = new List<(string Database, string Id)>();
        Current.Value = runs;
        return new Group(runs);
    }

    public sealed class Group(List<(string Database, string Id)> runs) : IDisposable
    {
        public void Explain(string reason, int exitCode = Gate.Unjudged) => AbortedRuns.Explain(runs, reason, exitCode);

        /// <summary>Ends the scope; runs it did not explain (a cancelled group) go to the process's list, for the CLI.</summary>
        public void Dispose()
        {
            Current.Value = null;
            lock (runs)
            {
                lock (Unexplained) Unexplained.AddRange(runs);
                runs.Clear();
            }
        }
    }

    private static void Explain(List<(string Database, string Id)> pending, string reason, int exitCode)
    {
        List<(string Database, string Id)> runs;
        lock (pending)
        {
            runs = [.. pending];
            pending.Clear();
        }
        foreach (var (database, id) in runs)
        {
            try
            {
                using var store = ResultStores.Open(database);
                store.AbortRun(id, reason, exitCode, DateTimeOffset.UtcNow);
            }
            catch (Exception e) when (e is HistoryException or System.Data.Common.DbException or InvalidOperationException)
            {
                // The generic reason stays.
            }
        }
    }
}

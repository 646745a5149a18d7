using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Sharding;

/// <summary>A shard's part in a run spread over machines: the run it joins and which shard it is.</summary>
public sealed record ShardMembership(string RunId, Shard Shard);

/// <summary>A test a shard is to run, recorded before it runs anything; <see cref="Kernel"/> is the matrix's spec (bookworm, trixie:rt).</summary>
public sealed record PlannedTest(int Shard, string Suite, string Test, string Arch, string Kernel, string Engine);

/// <summary>One shard of a run as the history knows it; no <see cref="Started"/>: it never began (or never reached the history).</summary>
public sealed record ShardState(int Index, int Count, string? Host, string? Job, DateTimeOffset? Started, DateTimeOffset? Ended, int? ExitCode)
{
    public string Label => $"shard {Index}/{Count}";
}

/// <summary>
/// A run spread over shards, in the history. The run is a run set of kind <see cref="Kind"/>; every
/// arch x kernel group a shard runs is a run of its own and a member of the set, recorded with its
/// shard. Each shard (and the submitter, for all of them) records its planned tests first, so a shard
/// that dies leaves tests the merge marks UNRESOLVED instead of losing them. Every write is an
/// idempotent upsert in its own transaction: shards on many machines write the same PostgreSQL, shards on
/// one machine the same SQLite file, in any order.
/// </summary>
public static class ShardHistory
{
    public const string Kind = "sharded";

    /// <summary>A run id a shell, a file name and every engine's job name carry unchanged.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && id[0] != '-';

    /// <summary>The member run holding the tests the merge found unrecorded.</summary>
    public static string UnrecordedRun(string runId) => runId + "-unrecorded";

    /// <summary>Makes the run and its set if no shard made them yet.</summary>
    public static void Join(IResultStore store, RunInfo run, string matrixName) =>
        HistoryTables.WriteAll(store, [
            ("""
             INSERT INTO runs (id, suite, started, host, run_directory, harness_version)
             VALUES (@id, @suite, @started, @host, @dir, @version) ON CONFLICT (id) DO NOTHING
             """, [("id", run.Id), ("suite", run.Suite), ("started", Timestamps.Write(run.Started)), ("host", run.Host),
                ("dir", run.RunDirectory), ("version", run.HarnessVersion)]),
            ("INSERT INTO run_sets (id, kind, name) VALUES (@id, @kind, @name) ON CONFLICT (id) DO NOTHING",
                [("id", run.Id), ("kind", Kind), ("name", matrixName)]),
        ]);

    /// <summary>
    /// Records planned tests (of one shard or all), and a row per shard in <paramref name="shards"/>
    /// (default: the shards the tests name) with its job when known, in one transaction.
    /// </summary>
    public static void Plan(IResultStore store, string runId, int count, IEnumerable<PlannedTest> tests, Func<int, string?>? jobOf = null,
        IEnumerable<int>? shards = null)
    {
        var list = tests.ToList();
        var statements = new List<(string, (string, object)[])>();
        foreach (var shard in (shards ?? list.Select(t => t.Shard)).Distinct())
            statements.Add(("""
                INSERT INTO shards (run_id, shard, shards, job) VALUES (@run, @shard, @count, @job)
                ON CONFLICT (run_id, shard) DO UPDATE SET job = COALESCE(shards.job, excluded.job)
                """, [("run", runId), ("shard", (long)shard), ("count", (long)count), ("job", (object?)jobOf?.Invoke(shard) ?? DBNull.Value)]));
        foreach (var t in list)
            statements.Add(("""
                INSERT INTO shard_tests (run_id, shard, suite, test, arch, kernel, engine)
                VALUES (@run, @shard, @suite, @test, @arch, @kernel, @engine) ON CONFLICT DO NOTHING
                """, [("run", runId), ("shard", (long)t.Shard), ("suite", t.Suite), ("test", t.Test), ("arch", t.Arch),
                    ("kernel", t.Kernel), ("engine", t.Engine)]));
        HistoryTables.WriteAll(store, statements);
    }

    /// <summary>A shard began on <paramref name="host"/>, as <paramref name="job"/> of its cluster engine when known.</summary>
    public static void Started(IResultStore store, string runId, Shard shard, string host, string? job, DateTimeOffset at) =>
        HistoryTables.Write(store, """
            INSERT INTO shards (run_id, shard, shards, host, job, started) VALUES (@run, @shard, @count, @host, @job, @at)
            ON CONFLICT (run_id, shard) DO UPDATE SET host = excluded.host, job = COALESCE(excluded.job, shards.job), started = excluded.started
            """, ("run", runId), ("shard", (long)shard.Index), ("count", (long)shard.Count), ("host", host),
            ("job", (object?)job ?? DBNull.Value), ("at", Timestamps.Write(at)));

    public static void Ended(IResultStore store, string runId, Shard shard, int exitCode, DateTimeOffset at) =>
        HistoryTables.Write(store, "UPDATE shards SET ended = @at, exit_code = @code WHERE run_id = @run AND shard = @shard",
            ("at", Timestamps.Write(at)), ("code", (long)exitCode), ("run", runId), ("shard", (long)shard.Index));

    /// <summary>A group's run joins the sharded run: a member of its set, made by <paramref name="shard"/>.</summary>
    public static void AddGroup(IResultStore store, ShardMembership shard, string member, string arch, string kernel) =>
        HistoryTables.WriteAll(store, [
            ("INSERT INTO run_members (set_id, run_id) VALUES (@set, @member) ON CONFLICT DO NOTHING",
                [("set", shard.RunId), ("member", member)]),
            ("INSERT INTO shard_groups (member, run_id, shard, arch, kernel) VALUES (@member, @run, @shard, @arch, @kernel) ON CONFLICT DO NOTHING",
                [("member", member), ("run", shard.RunId), ("shard", (long)shard.Shard.Index), ("arch", arch), ("kernel", kernel)]),
        ]);

    /// <summary>Whether <paramref name="runId"/> is a run spread over shards.</summary>
    public static bool IsSharded(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT kind FROM run_sets WHERE id = @id", row => row.GetString(0), ("id", runId)).Contains(Kind);

    public static IReadOnlyList<ShardState> Shards(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT shard, shards, host, job, started, ended, exit_code FROM shards WHERE run_id = @run ORDER BY shard",
            row => new ShardState((int)Convert.ToInt64(row.GetValue(0)), (int)Convert.ToInt64(row.GetValue(1)),
                row.IsDBNull(2) ? null : HistoryTables.Text(row, 2), row.IsDBNull(3) ? null : HistoryTables.Text(row, 3),
                row.IsDBNull(4) ? null : Timestamps.Read(row.GetString(4)), row.IsDBNull(5) ? null : Timestamps.Read(row.GetString(5)),
                row.IsDBNull(6) ? null : (int)Convert.ToInt64(row.GetValue(6))), ("run", runId));

    /// <summary>Which shard, arch and kernel spec made each member run.</summary>
    public static IReadOnlyList<(string Member, int Shard, string Arch, string Kernel)> Groups(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT member, shard, arch, kernel FROM shard_groups WHERE run_id = @run ORDER BY member",
            row => (HistoryTables.Text(row, 0), (int)Convert.ToInt64(row.GetValue(1)), HistoryTables.Text(row, 2), HistoryTables.Text(row, 3)),
            ("run", runId));

    public static IReadOnlyList<PlannedTest> Planned(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT shard, suite, test, arch, kernel, engine FROM shard_tests WHERE run_id = @run ORDER BY shard, arch, kernel, engine, test",
            row => new PlannedTest((int)Convert.ToInt64(row.GetValue(0)), HistoryTables.Text(row, 1), HistoryTables.Text(row, 2),
                HistoryTables.Text(row, 3), HistoryTables.Text(row, 4), HistoryTables.Text(row, 5)), ("run", runId));

    /// <summary>
    /// The planned tests no shard recorded, each UNRESOLVED (the infrastructure's fault) with the shard,
    /// host and job that owed it. The cell takes the kernel release and engine version the shard's
    /// other results of that cell name, when it recorded any.
    /// </summary>
    public static IReadOnlyList<TestResult> Unrecorded(IResultStore store, string runId)
    {
        var shards = Shards(store, runId).ToDictionary(s => s.Index);
        var recorded = Groups(store, runId)
            .SelectMany(g => store.Results(g.Member).Select(r => (g.Shard, g.Arch, g.Kernel, Result: r)))
            .ToLookup(x => (x.Shard, x.Arch, x.Kernel));
        var missing = new List<TestResult>();
        foreach (var t in Planned(store, runId))
        {
            var ofGroup = recorded[(t.Shard, t.Arch, t.Kernel)].Select(x => x.Result)
                .Where(r => r.Cell.Engine == t.Engine || r.Cell.Engine.StartsWith(t.Engine + "-", StringComparison.Ordinal)).ToList();
            if (ofGroup.Any(r => r.Suite == t.Suite && r.Test == t.Test)) continue;
            var cell = ofGroup.FirstOrDefault()?.Cell ?? new Cell(t.Arch, t.Kernel, t.Engine);
            missing.Add(new TestResult(t.Suite, t.Test, cell, TestState.Unresolved, Culprit.Infrastructure,
                Owed(shards.GetValueOrDefault(t.Shard), t.Shard), TimeSpan.Zero, ""));
        }
        return missing;
    }

    private static string Owed(ShardState? s, int index)
    {
        var label = s?.Label ?? $"shard {index}";
        var job = s?.Job is { } j ? $"job {j}" : "no job recorded";
        return s?.Started is null
            ? $"{label} ({job}) never started"
            : $"{label} (host {s.Host}, {job}) ended without recording this test";
    }

    /// <summary>
    /// The results of a sharded run: every member's, then (until it is merged) the planned tests no
    /// shard recorded, as UNRESOLVED.
    /// </summary>
    public static IReadOnlyList<TestResult> Results(IResultStore store, string runId)
    {
        var members = RunSets.All(store).FirstOrDefault(s => s.Id == runId)?.Members ?? [];
        var results = members.Order(StringComparer.Ordinal).SelectMany(store.Results).ToList();
        if (store.EndOf(runId) is null) results.AddRange(Unrecorded(store, runId));
        return results;
    }

    /// <summary>What a merge did: the tests it marked UNRESOLVED, the run's gate, and whether it had been merged before.</summary>
    public sealed record Merged(IReadOnlyList<TestResult> Unrecorded, IReadOnlyList<TestResult> Results, int ExitCode, bool Before);

    /// <summary>
    /// Finalises a sharded run once its shards have ended: the planned tests no shard recorded are
    /// stored UNRESOLVED in a member run of their own (so `compare` sees them too), and the run is
    /// closed with the gate over all its results. A run merged before is left as it is. The merge
    /// owns <paramref name="store"/>: its current run is the unrecorded tests' member afterwards.
    /// </summary>
    public static Merged Merge(IResultStore store, string runId, DateTimeOffset at)
    {
        if (!IsSharded(store, runId)) throw new Inputs.InputException($"'{runId}' is not a sharded run in this history");
        if (store.EndOf(runId) is { } end)
            return new Merged([], Results(store, runId), end.ExitCode, true);
        var missing = Unrecorded(store, runId);
        if (missing.Count > 0)
        {
            var set = store.Runs().First(r => r.Id == runId);
            var id = UnrecordedRun(runId);
            // The store's current run becomes that member: a merge owns its store.
            store.BeginRun(set with { Id = id, Started = at, Host = Environment.MachineName });
            foreach (var r in missing) store.Record(r);
            store.FinishRun(id, Running.Gate.ExitCode(missing), at);
            HistoryTables.Write(store, "INSERT INTO run_members (set_id, run_id) VALUES (@set, @member) ON CONFLICT DO NOTHING",
                ("set", runId), ("member", id));
        }
        var results = Results(store, runId);
        var exit = Running.Gate.ExitCode(results);
        store.FinishRun(runId, exit, at);
        return new Merged(missing, Results(store, runId), exit, false);
    }
}

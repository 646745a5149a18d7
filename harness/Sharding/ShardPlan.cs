using ProbeHarness.Running;

namespace ProbeHarness.Sharding;

/// <summary>
/// Which arch x kernel groups of a matrix each shard runs. A group (one kernel, one guest image, its
/// engines) stays whole on one shard; groups go heaviest first to the least loaded shard, the lower
/// index on ties, so every machine computes the same plan from the same matrix.
/// </summary>
public static class ShardPlan
{
    /// <summary>The groups of every shard, each list in the matrix's order.</summary>
    public static IReadOnlyList<IReadOnlyList<CellGroup>> Assign(Matrix matrix, int shards, Func<CellGroup, double>? weight = null)
    {
        weight ??= g => g.Engines.Count;
        var load = new double[shards];
        var owner = new int[matrix.Groups.Count];
        var order = matrix.Groups.Select((g, i) => (g, i))
            .OrderByDescending(x => weight(x.g)).ThenBy(x => x.i);
        foreach (var (g, i) in order)
        {
            var least = Enumerable.Range(0, shards).MinBy(s => (load[s], s));
            owner[i] = least;
            load[least] += weight(g);
        }
        return Enumerable.Range(0, shards)
            .Select(s => (IReadOnlyList<CellGroup>)matrix.Groups.Where((_, i) => owner[i] == s).ToList()).ToList();
    }

    /// <summary>
    /// The tests each shard owes, as the suite's runner plans them (a test of an engine that runs on the
    /// group's arch): what a shard records before it starts, and the merge holds it to.
    /// </summary>
    public static IReadOnlyList<PlannedTest> Tests(Matrix matrix, int shards)
    {
        var suite = Suites.SuiteLoader.Load(matrix.Suite);
        var plan = Assign(matrix, shards);
        return plan.SelectMany((groups, shard) => groups.SelectMany(g => g.Engines.SelectMany(e =>
                suite.Tests.Where(t => t.RunsOn(e, g.Arch)).Select(t => new PlannedTest(shard, suite.Name, t.Name, g.Arch, g.Kernel, e)))))
            .ToList();
    }

    /// <summary>The part of <paramref name="matrix"/> that <paramref name="shard"/> runs, named after it.</summary>
    public static Matrix Slice(Matrix matrix, Shard shard) =>
        shard.Count == 1 ? matrix : matrix with { Groups = Assign(matrix, shard.Count)[shard.Index] };
}

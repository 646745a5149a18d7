using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Inputs;
using ProbeHarness.Running;
using ProbeHarness.Sharding;

namespace ProbeHarness.Tests.Sharding;

/// <summary>Shards are parsed strictly and split a matrix into disjoint, covering, balanced, reproducible slices.</summary>
public class ShardTests
{
    [TestCase("0/1", 0, 1)]
    [TestCase("3/4", 3, 4)]
    public void I_of_N_parses(string text, int i, int n) => Assert.That(Shard.Parse(text), Is.EqualTo(new Shard(i, n)));

    [TestCase("4/4", "must be below 4: 0 … 3")]
    [TestCase("-1/4", "counts from 0")]
    [TestCase("1/0", "at least 1, not 0")]
    [TestCase("1", "expected I/N")]
    [TestCase("a/b", "expected I/N")]
    [TestCase("1/2/3", "expected I/N")]
    [TestCase("", "expected I/N")]
    public void Bad_shards_say_what_is_expected(string text, string words)
    {
        var e = Assert.Throws<InputException>(() => Shard.Parse(text))!;
        Assert.That(e.Message, Does.StartWith($"--shard '{text}'").And.Contain(words));
    }

    private static Matrix Synthetic(int groups, int seed) => new("m", "smoke",
        Enumerable.Range(0, groups).Select(i => new CellGroup($"arch{i}", "k",
            Enumerable.Range(0, 1 + (i * 7 + seed) % 3).Select(e => $"e{e}").ToList())).ToList());

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool Shards_are_disjoint_cover_the_matrix_keep_its_order_and_are_balanced(PositiveInt g, PositiveInt n, NonNegativeInt seed)
    {
        var matrix = Synthetic(g.Get % 40, seed.Get);
        var shards = 1 + n.Get % 12;
        var plan = ShardPlan.Assign(matrix, shards);
        var all = plan.SelectMany(p => p).ToList();
        var covered = all.Count == matrix.Groups.Count && matrix.Groups.All(all.Contains);
        var ordered = plan.All(p => p.Select(x => matrix.Groups.ToList().IndexOf(x)).SequenceEqual(p.Select(x => matrix.Groups.ToList().IndexOf(x)).Order()));
        var loads = plan.Select(p => p.Sum(x => x.Engines.Count)).ToList();
        // Greedy, heaviest first: no shard exceeds another by more than the heaviest group.
        var heaviest = matrix.Groups.Count == 0 ? 0 : matrix.Groups.Max(x => x.Engines.Count);
        return plan.Count == shards && covered && ordered && loads.Max() - loads.Min() <= heaviest;
    }

    [Test]
    public void Every_machine_computes_the_same_plan_and_slices_keep_the_matrix_name()
    {
        var full = Matrix.Load("full");
        var a = ShardPlan.Assign(full, 4);
        var b = ShardPlan.Assign(Matrix.Load("full"), 4);
        Assert.That(a.Select(p => p.Select(g => g.ToString())), Is.EqualTo(b.Select(p => p.Select(g => g.ToString()))));
        var slices = Enumerable.Range(0, 4).Select(i => ShardPlan.Slice(full, new Shard(i, 4))).ToList();
        Assert.That(slices.Select(s => s.Name).Distinct(), Is.EqualTo(new[] { "full" }));
        Assert.That(slices.Sum(s => s.CellCount), Is.EqualTo(full.CellCount));
        Assert.That(slices.Select(s => s.CellCount), Is.All.InRange(6, 8), "28 cells in 14 groups of 2 over 4 shards");
        Assert.That(ShardPlan.Slice(full, Shard.Whole), Is.SameAs(full));
    }

    [Test]
    public void More_shards_than_groups_leave_the_extra_shards_empty()
    {
        var plan = ShardPlan.Assign(Synthetic(3, 0), 5);
        Assert.That(plan.Select(p => p.Count), Is.EqualTo(new[] { 1, 1, 1, 0, 0 }));
    }
}

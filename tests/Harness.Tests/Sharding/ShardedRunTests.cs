using NUnit.Framework;
using ProbeHarness.Running;
using ProbeHarness.Sharding;

namespace ProbeHarness.Tests.Sharding;

/// <summary>What a shard owes and how it names its job: every cell's tests once, each on the shard that runs its group.</summary>
public class ShardedRunTests
{
    [Test]
    public void The_planned_tests_are_the_suite_runners_on_the_shard_of_their_group()
    {
        var full = Matrix.Load("full");
        var plan = ShardPlan.Assign(full, 5);
        var tests = ShardPlan.Tests(full, 5);
        var smoke = ProbeHarness.Suites.SuiteLoader.Load("smoke");
        Assert.Multiple(() =>
        {
            foreach (var g in full.Groups)
            {
                var shard = Enumerable.Range(0, 5).Single(i => plan[i].Contains(g));
                foreach (var e in g.Engines)
                    Assert.That(tests.Where(t => t.Arch == g.Arch && t.Kernel == g.Kernel && t.Engine == e).Select(t => (t.Shard, t.Test)),
                        Is.EquivalentTo(smoke.Tests.Where(t => t.RunsOn(e, g.Arch)).Select(t => (shard, t.Name))), $"{g} {e}");
            }
            Assert.That(tests.Distinct().Count(), Is.EqualTo(tests.Count), "each test once");
        });
    }

    [TestCase("SLURM_ARRAY_JOB_ID=41,SLURM_ARRAY_TASK_ID=3,SLURM_JOB_ID=44", "41_3")]
    [TestCase("SLURM_JOB_ID=44", "44")]
    [TestCase("JOB_COMPLETION_INDEX=2,HOSTNAME=probe-harness-full-2-x7k", "probe-harness-full-2-x7k (index 2)")]
    [TestCase("GITHUB_RUN_ID=99,GITHUB_JOB=shards", "github 99/shards")]
    [TestCase("CI_JOB_ID=7", "gitlab 7")]
    [TestCase("HOSTNAME=laptop", null)]
    public void The_job_is_the_cluster_engines_name_for_it(string vars, string? job)
    {
        var env = vars.Split(',').Select(v => v.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.That(ShardedRun.JobFromEnvironment(env.GetValueOrDefault), Is.EqualTo(job));
    }

    [TestCase("slurm-4242", true)]
    [TestCase("20261202-134100-slurm-full-1a2b3c", true)]
    [TestCase("k8s-3f1c2a9e-0b1d-4c55-9a0e-1234567890ab", true)]
    [TestCase("a b", false)]
    [TestCase("-x", false)]
    [TestCase("", false)]
    [TestCase("x;rm", false)]
    public void Run_ids_are_plain_words(string id, bool valid) => Assert.That(ShardHistory.IsValidId(id), Is.EqualTo(valid));

    [Test]
    public void A_submission_names_its_run_after_the_matrix()
    {
        var id = SlurmSubmission.NewRunId("my matrix", new DateTimeOffset(2026, 12, 2, 13, 41, 0, TimeSpan.Zero));
        Assert.That(id, Does.Match("^20261202-134100-slurm-my-matrix-[0-9a-f]{6}$"));
        Assert.That(ShardHistory.IsValidId(id));
    }
}

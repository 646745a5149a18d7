using NUnit.Framework;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using YamlDotNet.RepresentationModel;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// The emitted jobs parse as what their engine reads, and every index the engine hands out is a
/// shard `run --shard` accepts, each once.
/// </summary>
public class ShardJobsTests
{
    private static readonly Matrix Full = Matrix.Load("full");

    private static YamlMappingNode Yaml(string text)
    {
        var s = new YamlStream();
        s.Load(new StringReader(text));
        return (YamlMappingNode)s.Documents[0].RootNode;
    }

    private static string S(YamlNode n, params string[] path)
    {
        foreach (var p in path) n = ((YamlMappingNode)n)[p];
        return ((YamlScalarNode)n).Value!;
    }

    [Test]
    public void GitHub_includes_one_job_per_shard_with_its_cells()
    {
        var root = Yaml(ShardJobs.Emit("github", Full, "full", 4));
        var include = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["strategy"])["matrix"])["include"];
        var shards = include.Select(i => S(i, "shard")).ToList();
        Assert.That(shards, Is.EqualTo(new[] { "0/4", "1/4", "2/4", "3/4" }));
        Assert.That(shards.Select(t => Shard.Parse(t).Index), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        var cells = include.SelectMany(i => S(i, "cells").Split(", ")).ToList();
        Assert.That(cells, Is.EquivalentTo(Full.Groups.Select(g => $"{g.Arch}/{g.Kernel}")));
    }

    [Test]
    public void GitLab_runs_the_shard_of_its_parallel_matrix()
    {
        var root = Yaml(ShardJobs.Emit("gitlab", Full, "full", 3));
        var job = (YamlMappingNode)root["probe-harness-full"];
        Assert.That(((YamlSequenceNode)job["script"])[0].ToString(), Does.Contain("--shard \"$SHARD\"").And.Contain("--matrix \"full\""));
        var matrix = (YamlSequenceNode)((YamlMappingNode)job["parallel"])["matrix"];
        Assert.That(matrix.Select(m => S(m, "SHARD")), Is.EqualTo(new[] { "0/3", "1/3", "2/3" }));
    }

    [Test]
    public void The_Slurm_array_task_id_is_the_shard()
    {
        var script = ShardJobs.Emit("slurm", Full, "full", 4);
        Assert.That(script, Does.StartWith("#!/bin/bash\n"));
        Assert.That(script, Does.Contain("#SBATCH --array=0-3\n"));
        Assert.That(script, Does.Contain("--shard \"${SLURM_ARRAY_TASK_ID}/4\""));
        Assert.That(script, Does.Contain("--db \"${PROBE_HARNESS_DB:?"));
        Assert.That(script, Does.Contain("--run-id \"slurm-${SLURM_ARRAY_JOB_ID}\""), "the array's tasks share the array job's id");
    }

    [Test]
    public void CI_shards_share_the_pipeline_run_as_their_run_id()
    {
        Assert.That(ShardJobs.Emit("github", Full, "full", 2), Does.Contain("--run-id \"github-${{ github.run_id }}-${{ github.run_attempt }}\""));
        Assert.That(ShardJobs.Emit("gitlab", Full, "full", 2), Does.Contain("--run-id \"gitlab-$CI_PIPELINE_ID\""));
    }

    /// <summary>The script as bash runs it for array task 1: each value arrives as the one argument it was, whatever it holds.</summary>
    [Test]
    public async Task The_Slurm_script_hands_every_value_over_as_one_argument()
    {
        var dir = Directory.CreateTempSubdirectory("ph-sbatch-").FullName;
        try
        {
            var echo = Path.Combine(dir, "print args");
            File.WriteAllText(echo, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"[$a]\"; done\n");
            File.SetUnixFileMode(echo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = ShardJobs.SlurmScript(new SlurmJob(Full, "/m x/$(touch pwned).yaml", 4)
            {
                Command = [echo, "--x=it's"], RunId = "r-1", Suite = "smoke", Out = "/runs dir/`id`", Directory = "/work/a b", Output = "/logs/%A_%a.out",
            });
            Assert.That(script, Does.Contain("#SBATCH --chdir=/work/a b\n").And.Contain("#SBATCH --output=/logs/%A_%a.out\n"));
            var file = Path.Combine(dir, "job.sbatch");
            File.WriteAllText(file, script);
            var r = await ProbeHarness.Processes.Tool.RunAsync("bash", [file], TimeSpan.FromSeconds(20), workingDirectory: dir,
                env: new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_ARRAY_JOB_ID"] = "77", ["PROBE_HARNESS_DB"] = "Host=/tmp;Password=a b" });
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            Assert.That(r.Stdout.TrimEnd('\n').Split('\n'), Is.EqualTo(new[]
            {
                "[--x=it's]", "[run]", "[--matrix]", "[/m x/$(touch pwned).yaml]", "[--suite]", "[smoke]", "[--out]", "[/runs dir/`id`]",
                "[--shard]", "[1/4]", "[--run-id]", "[r-1]", "[--db]", "[Host=/tmp;Password=a b]",
            }));
            Assert.That(File.Exists(Path.Combine(dir, "pwned")), Is.False);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void A_matrix_path_reaches_the_shell_as_one_word()
    {
        var odd = Full with { Name = "my matrix" };
        var script = ShardJobs.Emit("slurm", odd, "/tmp/a b;rm -rf x.yaml", 2);
        Assert.That(script, Does.Contain("--matrix '/tmp/a b;rm -rf x.yaml' --shard"));
        Assert.That(script, Does.Contain("--job-name=probe-harness-my-matrix\n"));
    }

    [Test]
    public void An_unknown_kind_names_the_known_ones() =>
        Assert.That(() => ShardJobs.Emit("jenkins", Full, "full", 2),
            Throws.TypeOf<ProbeHarness.Inputs.InputException>().With.Message.Contains("github, gitlab, slurm, k8s"));
}

using System.Text;
using System.Text.Json;
using ProbeHarness.Inputs;
using ProbeHarness.Running;

namespace ProbeHarness.Sharding;

/// <summary>
/// A sharded matrix run as the job description of a cluster engine: a CI matrix (GitHub Actions,
/// GitLab CI), a Slurm job-array script or a Kubernetes Indexed Job. Each job runs
/// `harness run --matrix M --shard I/N --db $PROBE_HARNESS_DB`, with I from the engine's own index,
/// so every shard writes into the one shared history (PostgreSQL).
/// </summary>
public static class ShardJobs
{
    public static readonly IReadOnlyList<string> Kinds = ["github", "gitlab", "slurm", "k8s"];

    /// <summary>The environment variable that holds the shared history's connection string in every emitted job.</summary>
    public const string DatabaseVariable = "PROBE_HARNESS_DB";

    public static string Emit(string kind, Matrix matrix, string matrixArgument, int shards)
    {
        var plan = ShardPlan.Assign(matrix, shards);
        return kind switch
        {
            "github" => GitHub(matrixArgument, plan),
            "gitlab" => GitLab(matrix, matrixArgument, plan),
            "slurm" => Slurm(matrix, matrixArgument, shards),
            "k8s" => Kubernetes(matrix, matrixArgument, shards),
            _ => throw new InputException($"--emit '{kind}': known: {string.Join(", ", Kinds)}"),
        };
    }

    /// <summary>A YAML (and shell) safe quoted scalar: JSON strings are YAML flow scalars.</summary>
    private static string Q(string s) => JsonSerializer.Serialize(s);

    /// <summary>A name Kubernetes and Slurm accept: lower-case letters, digits and dashes.</summary>
    public static string JobName(Matrix m) =>
        "probe-harness-" + new string(m.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');

    private static string Cells(IReadOnlyList<CellGroup> groups) =>
        string.Join(", ", groups.Select(g => $"{g.Arch}/{g.Kernel}"));

    private static string GitHub(string matrixArgument, IReadOnlyList<IReadOnlyList<CellGroup>> plan)
    {
        var b = new StringBuilder();
        b.AppendLine("# strategy for a GitHub Actions job: one job per shard; the step runs");
        b.AppendLine($"#   scripts/harness run --matrix {Q(matrixArgument)} --shard \"${{{{ matrix.shard }}}}\" --db \"${DatabaseVariable}\"");
        b.AppendLine("strategy:");
        b.AppendLine("  fail-fast: false");
        b.AppendLine("  matrix:");
        b.AppendLine("    include:");
        for (var i = 0; i < plan.Count; i++)
            b.AppendLine($"      - {{shard: {Q($"{i}/{plan.Count}")}, cells: {Q(Cells(plan[i]))}}}");
        return b.ToString();
    }

    private static string GitLab(Matrix m, string matrixArgument, IReadOnlyList<IReadOnlyList<CellGroup>> plan)
    {
        var b = new StringBuilder();
        b.AppendLine($"# One GitLab CI job per shard; set {DatabaseVariable} as a masked CI/CD variable.");
        b.AppendLine($"{JobName(m)}:");
        b.AppendLine("  script:");
        b.AppendLine($"    - scripts/harness run --matrix {Q(matrixArgument)} --shard \"$SHARD\" --db \"${DatabaseVariable}\"");
        b.AppendLine("  parallel:");
        b.AppendLine("    matrix:");
        for (var i = 0; i < plan.Count; i++)
            b.AppendLine($"      - {{SHARD: {Q($"{i}/{plan.Count}")}, CELLS: {Q(Cells(plan[i]))}}}");
        return b.ToString();
    }

    private static string Slurm(Matrix m, string matrixArgument, int shards)
    {
        var b = new StringBuilder();
        b.AppendLine("#!/bin/bash");
        b.AppendLine($"# {matrixArgument}: {m.CellCount} cells in {shards} shards; submit with `sbatch` from the harness checkout,");
        b.AppendLine($"# with {DatabaseVariable} exported (the shared PostgreSQL).");
        b.AppendLine($"#SBATCH --job-name={JobName(m)}");
        b.AppendLine($"#SBATCH --array=0-{shards - 1}");
        b.AppendLine("#SBATCH --cpus-per-task=2");
        b.AppendLine("#SBATCH --export=ALL");
        b.AppendLine("set -euo pipefail");
        b.AppendLine($"exec scripts/harness run --matrix {ShellWord(matrixArgument)} --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\" --db \"${{{DatabaseVariable}:?export the shared history's connection string}}\"");
        return b.ToString();
    }

    private static string Kubernetes(Matrix m, string matrixArgument, int shards)
    {
        // The completion index is the shard; Kubernetes expands $(VAR) in args from the container's
        // environment, where the Job controller puts JOB_COMPLETION_INDEX: no shell in between.
        var b = new StringBuilder();
        b.AppendLine("apiVersion: batch/v1");
        b.AppendLine("kind: Job");
        b.AppendLine("metadata:");
        b.AppendLine($"  name: {JobName(m)}");
        b.AppendLine("spec:");
        b.AppendLine("  completionMode: Indexed");
        b.AppendLine($"  completions: {shards}");
        b.AppendLine($"  parallelism: {shards}");
        b.AppendLine("  backoffLimitPerIndex: 0");
        b.AppendLine("  template:");
        b.AppendLine("    spec:");
        b.AppendLine("      restartPolicy: Never");
        b.AppendLine("      containers:");
        b.AppendLine("        - name: harness");
        b.AppendLine("          image: probe-harness:latest");
        b.AppendLine("          args: [" + string.Join(", ", new[] { "run", "--matrix", matrixArgument, "--shard", $"$(JOB_COMPLETION_INDEX)/{shards}", "--db", $"$({DatabaseVariable})" }.Select(Q)) + "]");
        b.AppendLine("          env:");
        b.AppendLine($"            - name: {DatabaseVariable}");
        b.AppendLine("              valueFrom:");
        b.AppendLine("                secretKeyRef: {name: probe-harness-db, key: connection}");
        b.AppendLine("          resources:");
        b.AppendLine("            requests: {cpu: \"2\", memory: 4Gi}");
        return b.ToString();
    }

    private static string ShellWord(string s) => Shell.Sh.Word(s);
}

using System.Text;
using System.Text.Json;
using ProbeHarness.Inputs;
using ProbeHarness.Running;

namespace ProbeHarness.Sharding;

/// <summary>
/// A sharded matrix run as the job description of a cluster engine: a CI matrix (GitHub Actions,
/// GitLab CI), a Slurm job-array script or a Kubernetes Indexed Job. Each job runs
/// `harness run --matrix M --shard I/N --db $PROBE_HARNESS_DB`, with I from the engine's own index,
/// so every shard writes into the one shared history (PostgreSQL), and `--run-id` from the engine's id
/// of the whole job, so the shards make one run there.
/// </summary>
public static class ShardJobs
{
    public static readonly IReadOnlyList<string> Kinds = ["github", "gitlab", "slurm", "k8s"];

    /// <summary>The environment variable that holds the shared history's connection string in every emitted job.</summary>
    public const string DatabaseVariable = "PROBE_HARNESS_DB";

    /// <summary>The Kubernetes pod's variable holding its Job's uid, the shards' shared run id.</summary>
    public const string RunIdVariable = "PROBE_HARNESS_RUN_ID";

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
    public static string JobName(Matrix m)
    {
        var slug = new string(m.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        var name = slug.Length == 0 ? "probe-harness" : "probe-harness-" + slug;
        // A Job's name is a label value on its pods: at most 63 characters. A cut name keeps a hash of the whole, so two long names stay two.
        if (name.Length <= MaxNameLength) return name;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(m.Name)))[..8];
        return name[..(MaxNameLength - 9)].TrimEnd('-') + "-" + hash;
    }

    /// <summary>The longest name a Kubernetes Job may have.</summary>
    public const int MaxNameLength = 63;

    private static string Cells(IReadOnlyList<CellGroup> groups) =>
        string.Join(", ", groups.Select(g => $"{g.Arch}/{g.Kernel}"));

    private static string GitHub(string matrixArgument, IReadOnlyList<IReadOnlyList<CellGroup>> plan)
    {
        var b = new StringBuilder();
        b.AppendLine("# strategy for a GitHub Actions job: one job per shard; the step runs");
        b.AppendLine($"#   scripts/harness run --matrix {Q(matrixArgument)} --shard \"${{{{ matrix.shard }}}}\" --run-id \"github-${{{{ github.run_id }}}}-${{{{ github.run_attempt }}}}\" --db \"${DatabaseVariable}\"");
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
        b.AppendLine($"    - scripts/harness run --matrix {Q(matrixArgument)} --shard \"$SHARD\" --run-id \"gitlab-$CI_PIPELINE_ID\" --db \"${DatabaseVariable}\"");
        b.AppendLine("  parallel:");
        b.AppendLine("    matrix:");
        for (var i = 0; i < plan.Count; i++)
            b.AppendLine($"      - {{SHARD: {Q($"{i}/{plan.Count}")}, CELLS: {Q(Cells(plan[i]))}}}");
        return b.ToString();
    }

    private static string Slurm(Matrix m, string matrixArgument, int shards) =>
        SlurmScript(new SlurmJob(m, matrixArgument, shards));

    /// <summary>
    /// The sbatch job-array script: task I runs shard I/N. Every value from the user goes in as one
    /// quoted sh word; only the engine's own variables (array job and task id, the database) expand.
    /// </summary>
    public static string SlurmScript(SlurmJob job)
    {
        var m = job.Matrix;
        var b = new StringBuilder();
        b.AppendLine("#!/bin/bash");
        b.AppendLine($"# {OneLine(job.MatrixArgument)}: {m.CellCount} cells in {job.Shards} shards, one per array task; submit with `sbatch`"
                     + (job.Directory is null ? " from the harness checkout," : ","));
        b.AppendLine($"# with {DatabaseVariable} exported (the shared PostgreSQL). `harness merge RUN-ID` closes the run after the array.");
        b.AppendLine($"#SBATCH --job-name={JobName(m)}");
        b.AppendLine($"#SBATCH --array=0-{job.Shards - 1}");
        b.AppendLine($"#SBATCH --cpus-per-task={job.CpusPerTask}");
        b.AppendLine("#SBATCH --export=ALL");
        // #SBATCH lines are not shell: sbatch reads the value up to the end of the line, so paths with blanks stay whole.
        if (job.Directory is { } dir) b.AppendLine($"#SBATCH --chdir={OneLine(dir)}");
        if (job.Output is { } output) b.AppendLine($"#SBATCH --output={OneLine(output)}");
        b.AppendLine("set -euo pipefail");
        var words = job.Command.Select(ShellWord).Concat(["run", "--matrix", ShellWord(job.MatrixArgument)]).ToList();
        if (job.Suite is { } suite) words.AddRange(["--suite", ShellWord(suite)]);
        if (job.Out is { } o) words.AddRange(["--out", ShellWord(o)]);
        if (job.Parallel is { } p) words.AddRange(["--parallel", p.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        words.AddRange(["--shard", $"\"${{SLURM_ARRAY_TASK_ID}}/{job.Shards}\"",
            "--run-id", job.RunId is { } id ? ShellWord(id) : "\"slurm-${SLURM_ARRAY_JOB_ID}\"",
            "--db", $"\"${{{DatabaseVariable}:?export the connection string of the shared history}}\""]);
        b.AppendLine("exec " + string.Join(' ', words));
        return b.ToString();
    }

    /// <summary>A comment or #SBATCH value stays on its line whatever it holds.</summary>
    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    /// <summary>Where the pod's checkout of the harness is: the image's contract (README, "Kubernetes").</summary>
    public const string ImageCheckout = "/probe-harness";

    /// <summary>Where the pod finds the matrix, from the ConfigMap emitted beside the Job.</summary>
    public const string MatrixMount = "/etc/probe-harness/matrix";

    /// <summary>
    /// A ConfigMap holding the matrix file as the user gave it (a name under matrices/ or a path, which
    /// the pod could not see), and the Indexed Job that runs one shard per completion index.
    /// </summary>
    private static string Kubernetes(Matrix m, string matrixArgument, int shards)
    {
        var name = JobName(m);
        var matrixFile = Matrix.PathOf(matrixArgument);
        var b = new StringBuilder();
        b.AppendLine($"# {OneLine(matrixArgument)}: {m.CellCount} cells in {shards} shards, one per completion index; `kubectl apply -f` this file.");
        b.AppendLine("apiVersion: v1");
        b.AppendLine("kind: ConfigMap");
        b.AppendLine("metadata:");
        b.AppendLine($"  name: {name}-matrix");
        b.AppendLine("data:");
        b.AppendLine($"  matrix.yaml: {Q(File.ReadAllText(matrixFile))}");
        b.AppendLine("---");
        // The completion index is the shard; Kubernetes expands $(VAR) in args from the container's
        // environment, where the Job controller puts JOB_COMPLETION_INDEX: no shell in between.
        b.AppendLine("apiVersion: batch/v1");
        b.AppendLine("kind: Job");
        b.AppendLine("metadata:");
        b.AppendLine($"  name: {name}");
        b.AppendLine("spec:");
        b.AppendLine("  completionMode: Indexed");
        b.AppendLine($"  completions: {shards}");
        b.AppendLine($"  parallelism: {shards}");
        // One try per index, and a failed index fails alone (Kubernetes 1.29 on, or 1.28 with its feature gate).
        b.AppendLine("  backoffLimitPerIndex: 0");
        b.AppendLine("  template:");
        b.AppendLine("    spec:");
        b.AppendLine("      restartPolicy: Never");
        b.AppendLine("      volumes:");
        b.AppendLine($"        - {{name: matrix, configMap: {{name: {name}-matrix}}}}");
        b.AppendLine("      containers:");
        b.AppendLine("        - name: harness");
        b.AppendLine("          image: probe-harness:latest");
        // The command is the checkout's own, not whatever entrypoint the image has.
        b.AppendLine($"          workingDir: {ImageCheckout}");
        b.AppendLine($"          command: [{Q(ImageCheckout + "/scripts/harness")}]");
        b.AppendLine("          args: [" + string.Join(", ", new[] { "run", "--matrix", MatrixMount + "/matrix.yaml", "--shard", $"$(JOB_COMPLETION_INDEX)/{shards}",
            "--run-id", $"k8s-$({RunIdVariable})", "--db", $"$({DatabaseVariable})" }.Select(Q)) + "]");
        b.AppendLine("          volumeMounts:");
        b.AppendLine($"            - {{name: matrix, mountPath: {MatrixMount}, readOnly: true}}");
        b.AppendLine("          env:");
        // The Job's uid, which the Job controller puts on every pod it makes: one run id for all indexes.
        b.AppendLine($"            - name: {RunIdVariable}");
        b.AppendLine("              valueFrom:");
        b.AppendLine("                fieldRef: {fieldPath: \"metadata.labels['batch.kubernetes.io/controller-uid']\"}");
        b.AppendLine($"            - name: {DatabaseVariable}");
        b.AppendLine("              valueFrom:");
        b.AppendLine("                secretKeyRef: {name: probe-harness-db, key: connection}");
        // Limits as large as the requests: the harness sizes its guests at once by the cores and memory it
        // sees, which are the node's without limits (Guaranteed QoS, too). Two guests of 768 MiB and their builds fit.
        b.AppendLine("          resources:");
        b.AppendLine("            requests: {cpu: \"2\", memory: 4Gi}");
        b.AppendLine("            limits: {cpu: \"2\", memory: 4Gi}");
        return b.ToString();
    }

    private static string ShellWord(string s) => Shell.Sh.Word(s);
}

/// <summary>
/// A Slurm job array to write: <see cref="Command"/> starts the harness (default: scripts/harness, from the
/// checkout); <see cref="RunId"/> null takes slurm-ARRAYJOBID; <see cref="Directory"/> is where tasks start.
/// </summary>
public sealed record SlurmJob(Matrix Matrix, string MatrixArgument, int Shards)
{
    public IReadOnlyList<string> Command { get; init; } = ["scripts/harness"];
    public string? RunId { get; init; }
    public string? Suite { get; init; }
    public string? Out { get; init; }
    public string? Directory { get; init; }
    public string? Output { get; init; }
    public int CpusPerTask { get; init; } = 2;
    public int? Parallel { get; init; }
}

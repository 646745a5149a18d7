using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using NUnit.Framework;
using ProbeHarness.Running;
using ProbeHarness.Sharding;

namespace ProbeHarness.Tests.Sharding;

/// <summary>
/// What `harness matrix M --shards N --emit k8s` prints, read by the Kubernetes client's own strict
/// YAML loader into its API models (an unknown or misspelt field is an error there, as it is for
/// `kubectl apply`), then checked for what the shards need: an Indexed Job whose completion index is
/// the shard, one run id for every index, no shell, no KVM, sane resources, the matrix in a ConfigMap.
/// </summary>
public class KubernetesManifestTests
{
    private static IEnumerable<string> Matrices() =>
        Directory.GetFiles(Resources.Dir("matrices"), "*.yaml").Select(Path.GetFileNameWithoutExtension).Order()!;

    private static IEnumerable<TestCaseData> EveryMatrixAndShardCount() =>
        from m in Matrices() from n in new[] { 1, 2, 3, 4, 7 } select new TestCaseData(m, n).SetName($"{{m}}({m},{n})");

    [TestCaseSource(nameof(EveryMatrixAndShardCount))]
    public void Every_emitted_manifest_is_a_valid_Indexed_Job_of_its_shards(string name, int shards)
    {
        var matrix = Matrix.Load(name);
        var yaml = ShardJobs.Emit("k8s", matrix, name, shards);
        Assert.That(KubernetesJobCheck.Problems(yaml, matrix, shards), Is.Empty, yaml);
    }

    [Test]
    public void The_manifest_is_what_the_harness_intends()
    {
        var objects = KubernetesJobCheck.Load(ShardJobs.Emit("k8s", Matrix.Load("full"), "full", 4));
        var job = objects.OfType<V1Job>().Single();
        var c = job.Spec.Template.Spec.Containers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.Name, Is.EqualTo("probe-harness-full"));
            Assert.That(job.Spec.BackoffLimitPerIndex, Is.EqualTo(0), "one try per index; a failed index fails alone");
            Assert.That(c.Image, Is.EqualTo("probe-harness:latest"));
            Assert.That(c.Command, Is.EqualTo(new[] { "/probe-harness/scripts/harness" }));
            Assert.That(c.Args, Is.EqualTo(new[] { "run", "--matrix", "/etc/probe-harness/matrix/matrix.yaml", "--shard", "$(JOB_COMPLETION_INDEX)/4",
                "--run-id", "k8s-$(PROBE_HARNESS_RUN_ID)", "--db", "$(PROBE_HARNESS_DB)" }));
            Assert.That(c.Env.Single(e => e.Name == "PROBE_HARNESS_DB").ValueFrom.SecretKeyRef.Name, Is.EqualTo("probe-harness-db"));
            Assert.That(objects.OfType<V1ConfigMap>().Single().Metadata.Name, Is.EqualTo("probe-harness-full-matrix"));
        });
    }

    /// <summary>A matrix given by path travels in the ConfigMap: the pod cannot see the user's file.</summary>
    [Test]
    public void A_matrix_file_of_the_user_reaches_the_pod_in_the_ConfigMap()
    {
        var dir = Directory.CreateTempSubdirectory("ph-k8s-").FullName;
        try
        {
            var file = Path.Combine(dir, "mine \"odd\".yaml");
            var text = "# mine: ünïcode, a tab\there, 'quotes' and \"more\"\nmatrix: Mine_Über\nsuite: smoke\narches: [x86_64, arm64]\nkernels: [bookworm]\nengines: [kprobe_events]\n";
            File.WriteAllText(file, text);
            var matrix = Matrix.Load(file);
            var yaml = ShardJobs.Emit("k8s", matrix, file, 2);
            Assert.That(KubernetesJobCheck.Problems(yaml, matrix, 2), Is.Empty, yaml);
            var map = KubernetesJobCheck.Load(yaml).OfType<V1ConfigMap>().Single();
            Assert.That(map.Data["matrix.yaml"], Is.EqualTo(text), "the file byte for byte");
            var c = KubernetesJobCheck.Load(yaml).OfType<V1Job>().Single().Spec.Template.Spec.Containers.Single();
            Assert.That(c.Command.Concat(c.Args), Has.None.Contains(dir), "no path of this machine in the pod's command");
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestCase("full", "probe-harness-full")]
    [TestCase("My Matrix!", "probe-harness-my-matrix")]
    [TestCase("---", "probe-harness")]
    [TestCase("ÜÜÜ", "probe-harness")]
    public void Job_names_are_DNS_labels(string matrixName, string expected) =>
        Assert.That(ShardJobs.JobName(new Matrix(matrixName, "smoke", [])), Is.EqualTo(expected));

    [Test]
    public void A_long_matrix_name_makes_a_name_Kubernetes_takes_and_two_stay_two()
    {
        var a = ShardJobs.JobName(new Matrix(new string('a', 80) + "-one", "smoke", []));
        var b = ShardJobs.JobName(new Matrix(new string('a', 80) + "-two", "smoke", []));
        Assert.That(a, Does.Match(KubernetesJobCheck.DnsLabel.ToString()).And.Length.LessThanOrEqualTo(63));
        Assert.That(b, Does.Match(KubernetesJobCheck.DnsLabel.ToString()).And.Length.LessThanOrEqualTo(63));
        Assert.That(a, Is.Not.EqualTo(b));
        var file = Path.Combine(Directory.CreateTempSubdirectory("ph-k8s-").FullName, "long.yaml");
        File.WriteAllText(file, $"matrix: {new string('a', 80)}\narches: [x86_64]\nkernels: [bookworm]\nengines: [kprobe_events]\n");
        var matrix = Matrix.Load(file);
        Assert.That(KubernetesJobCheck.Problems(ShardJobs.Emit("k8s", matrix, file, 3), matrix, 3), Is.Empty);
        Directory.Delete(Path.GetDirectoryName(file)!, true);
    }

    // The checks can fail: each broken variant of a good manifest is caught, naming what is wrong.

    private static string Good => ShardJobs.Emit("k8s", Matrix.Load("shards-smoke"), "shards-smoke", 4);

    private static IReadOnlyList<string> ProblemsOf(string yaml) => KubernetesJobCheck.Problems(yaml, Matrix.Load("shards-smoke"), 4);

    [TestCase("kind: Job", "kind: Pod", "batch/v1/Pod")]
    [TestCase("apiVersion: batch/v1", "apiVersion: batch/v1beta1", "batch/v1beta1/Job")]
    [TestCase("  completionMode: Indexed\n", "", "completionMode")]
    [TestCase("  completionMode: Indexed", "  completionMode: NonIndexed", "completionMode")]
    [TestCase("  completions: 4", "  completions: 3", "completions")]
    [TestCase("  parallelism: 4", "  parallelism: 1", "parallelism")]
    [TestCase("      restartPolicy: Never", "      restartPolicy: Always", "restartPolicy")]
    [TestCase("  completionMode: Indexed", "  completionMod: Indexed", "unknown field")]
    [TestCase("          workingDir:", "          workDir:", "unknown field")]
    [TestCase("\"$(JOB_COMPLETION_INDEX)/4\"", "\"0/4\"", "--shard")]
    [TestCase("\"$(JOB_COMPLETION_INDEX)/4\"", "\"$(JOB_INDEX)/4\"", "JOB_INDEX")]
    [TestCase("\"k8s-$(PROBE_HARNESS_RUN_ID)\"", "\"k8s-$(HOSTNAME)\"", "HOSTNAME")]
    [TestCase("metadata.labels['batch.kubernetes.io/controller-uid']", "metadata.name", "run id")]
    [TestCase("secretKeyRef: {name: probe-harness-db, key: connection}", "secretKeyRef: {name: probe-harness-db}", "secret")]
    [TestCase("requests: {cpu: \"2\", memory: 4Gi}", "requests: {cpu: 100m, memory: 64Mi}", "requests")]
    [TestCase("            limits: {cpu: \"2\", memory: 4Gi}\n", "", "limits")]
    [TestCase("readOnly: true}", "readOnly: true}\n          securityContext: {privileged: true}", "privileged")]
    [TestCase("        - {name: matrix, configMap: {name: probe-harness-shards-smoke-matrix}}",
        "        - {name: matrix, configMap: {name: probe-harness-shards-smoke-matrix}}\n        - {name: kvm, hostPath: {path: /dev/kvm}}", "/dev/kvm")]
    [TestCase("configMap: {name: probe-harness-shards-smoke-matrix}", "configMap: {name: elsewhere}", "ConfigMap")]
    [TestCase("/etc/probe-harness/matrix/matrix.yaml", "/home/me/matrix.yaml", "--matrix")]
    [TestCase("  name: probe-harness-shards-smoke\n", "  name: Probe_Harness\n", "name")]
    public void A_broken_manifest_is_caught(string good, string bad, string named)
    {
        var yaml = Good;
        Assert.That(yaml, Does.Contain(good), "the variant changes something that is there");
        Assert.That(ProblemsOf(yaml), Is.Empty);
        Assert.That(ProblemsOf(yaml.Replace(good, bad)), Has.Some.Contains(named));
    }

    [Test]
    public void A_shell_string_command_is_caught()
    {
        var yaml = Regex.Replace(Good, "command: .*\n          args: .*\n",
            "command: [\"/bin/sh\", \"-c\"]\n          args: [\"scripts/harness run --matrix /etc/probe-harness/matrix/matrix.yaml --shard $JOB_COMPLETION_INDEX/4 --run-id k8s-$PROBE_HARNESS_RUN_ID --db $PROBE_HARNESS_DB\"]\n");
        Assert.That(yaml, Does.Contain("/bin/sh"));
        Assert.That(ProblemsOf(yaml), Has.Some.Contains("shell"));
    }

    [Test]
    public void A_second_Job_an_unexpected_object_or_none_is_caught()
    {
        Assert.That(ProblemsOf(Good[..Good.IndexOf("---", StringComparison.Ordinal)]), Has.Some.Contains("no Job"));
        var job = Good[Good.IndexOf("apiVersion: batch/v1", StringComparison.Ordinal)..];
        Assert.That(ProblemsOf(Good + "---\n" + job), Has.Some.Contains("one Job"));
        Assert.That(ProblemsOf(Good + "---\napiVersion: v1\nkind: Service\nmetadata: {name: x}\n"), Has.Some.Contains("V1Service"));
    }
}

/// <summary>The checks a manifest of sharded Jobs must pass, as plain messages (none: it passes).</summary>
public static class KubernetesJobCheck
{
    public static readonly Regex DnsLabel = new("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    private static readonly Regex Reference = new(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)");

    /// <summary>The objects of a manifest, strictly: a field the API models do not have is an error.</summary>
    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, strict: true);

    public static IReadOnlyList<string> Problems(string yaml, Matrix matrix, int shards)
    {
        IReadOnlyList<object> objects;
        try { objects = Load(yaml); }
        catch (Exception e) { return [$"not valid for the Kubernetes API (unknown field or wrong type): {e.Message} {e.InnerException?.Message}"]; }
        var p = new List<string>();
        foreach (var o in objects.Where(o => o is not (V1Job or V1ConfigMap or V1Secret or V1PersistentVolumeClaim)))
            p.Add($"an object the sharded run does not need: {o.GetType().Name}");
        var jobs = objects.OfType<V1Job>().Where(j => j is { ApiVersion: "batch/v1", Kind: "Job" }).ToList();
        if (jobs.Count != 1) return [.. p, jobs.Count == 0 ? "no Job of apiVersion batch/v1, kind Job" : $"{jobs.Count} Jobs: expected one Job"];
        var job = jobs[0];
        var maps = objects.OfType<V1ConfigMap>().ToList();

        if (job.Metadata?.Name is not { } name || !DnsLabel.IsMatch(name)) p.Add($"Job name '{job.Metadata?.Name}' is not a DNS label of at most 63 characters");
        var spec = job.Spec;
        if (spec.CompletionMode != "Indexed") p.Add($"completionMode is '{spec.CompletionMode}', not Indexed: no completion index, no shard");
        if (spec.Completions != shards) p.Add($"completions {spec.Completions}, not the {shards} shards");
        if (spec.Parallelism != shards) p.Add($"parallelism {spec.Parallelism}: the {shards} shards are meant to run at once");
        if (spec.BackoffLimitPerIndex is < 0) p.Add($"backoffLimitPerIndex {spec.BackoffLimitPerIndex} below 0");
        var pod = spec.Template?.Spec;
        if (pod is null) return [.. p, "no pod template"];
        if (pod.RestartPolicy != "Never") p.Add($"restartPolicy '{pod.RestartPolicy}': a Job's shard is tried once (Never)");
        if (pod.Containers is not [var c]) return [.. p, $"{pod.Containers?.Count ?? 0} containers, expected one"];

        // An argument list, never a shell's string.
        var command = (c.Command ?? []).Concat(c.Args ?? []).ToList();
        if (c.Command is not [var exe, ..] || !exe.StartsWith('/'))
            p.Add($"command {string.Join(' ', c.Command ?? [])}: the harness's own path, not the image's entrypoint");
        if (command.Any(a => Path.GetFileName(a) is "sh" or "bash" or "dash") || command.Contains("-c") || command.Any(a => a.Contains(' ')))
            p.Add($"a shell string as the command: {string.Join(' ', command)}");

        var env = (c.Env ?? []).ToDictionary(e => e.Name);
        // What the pod of completion index i sees: the controller adds JOB_COMPLETION_INDEX; $(X) of no variable stays as it is.
        var runIds = new HashSet<string>();
        for (var i = 0; i < shards; i++)
        {
            var vars = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = i.ToString() };
            foreach (var (k, e) in env)
                vars[k] = e.Value ?? e.ValueFrom switch
                {
                    { FieldRef.FieldPath: "metadata.labels['batch.kubernetes.io/controller-uid']" } => "0b6f2a7e-1c52-4d4e-9a51-3f0f27c1d8a2",
                    { FieldRef.FieldPath: var f } => $"{f}-of-pod-{i}",
                    { SecretKeyRef: not null } => "Host=db;Password=x",
                    _ => $"unknown-{k}",
                };
            var args = (c.Args ?? []).Select(a => Reference.Replace(a, m => vars.GetValueOrDefault(m.Groups[1].Value, m.Value))).ToList();
            foreach (var left in args.SelectMany(a => Reference.Matches(a)).Select(m => m.Groups[1].Value).Distinct())
                p.Add($"index {i}: $({left}) names no variable of the container");
            var shard = Option(args, "--shard");
            try
            {
                if (Shard.Parse(shard ?? "") != new Shard(i, shards)) p.Add($"index {i}: --shard {shard}, not {i}/{shards}");
            }
            catch (Inputs.InputException e) { p.Add($"index {i}: --shard: {e.Message}"); }
            if (Option(args, "--run-id") is { } id) runIds.Add(id);
            else p.Add($"index {i}: no --run-id");
            if (Option(args, "--db") is not "Host=db;Password=x") p.Add($"index {i}: --db is not the secret's connection string");
            if (Option(args, "--matrix") is not { } m || !(pod.Volumes ?? []).Any(v => v.ConfigMap is not null && (c.VolumeMounts ?? [])
                    .Any(vm => vm.Name == v.Name && m.StartsWith(vm.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal))))
                p.Add($"index {i}: --matrix {Option(args, "--matrix")} is not in a mounted ConfigMap");
        }
        if (runIds.Count != 1) p.Add($"the indexes do not share one run id: {string.Join(", ", runIds)}");
        else if (!ShardHistory.IsValidId(runIds.Single())) p.Add($"run id '{runIds.Single()}' is not one the history takes");
        if (env.GetValueOrDefault(ShardJobs.DatabaseVariable)?.ValueFrom?.SecretKeyRef is not { Name.Length: > 0, Key.Length: > 0 })
            p.Add("the database's connection string does not come from a secret (name and key)");

        // The matrix: every ConfigMap volume is emitted beside the Job, mounted read-only, and holds the matrix.
        foreach (var v in pod.Volumes ?? [])
        {
            if (v.HostPath is not null) p.Add($"volume {v.Name} mounts the node's {v.HostPath.Path}: /dev/kvm and host paths are not needed (TCG)");
            if (v.ConfigMap is { } cm && maps.FirstOrDefault(x => x.Metadata.Name == cm.Name) is not { } map)
                p.Add($"volume {v.Name} names ConfigMap {cm.Name}, which the manifest does not hold");
        }
        foreach (var vm in c.VolumeMounts ?? [])
            if ((pod.Volumes ?? []).All(v => v.Name != vm.Name)) p.Add($"volume mount {vm.Name} names no volume");
        foreach (var map in maps)
        {
            if (map.Data is null || !map.Data.TryGetValue("matrix.yaml", out var text)) { p.Add($"ConfigMap {map.Metadata.Name} holds no matrix.yaml"); continue; }
            var held = Matrix.Parse(text, "matrix.yaml");
            if (held.Name != matrix.Name || !held.Groups.Select(g => g.ToString()).SequenceEqual(matrix.Groups.Select(g => g.ToString())))
                p.Add($"ConfigMap {map.Metadata.Name} holds matrix {held.Name}, not {matrix.Name}");
        }

        // Runs under TCG, as an ordinary pod: no device, no privilege.
        if (c.SecurityContext?.Privileged == true || c.SecurityContext?.AllowPrivilegeEscalation == true)
            p.Add("the container is privileged: not needed under TCG");
        if (command.Concat(env.Values.Select(e => e.Value ?? "")).Any(a => a.Contains("kvm", StringComparison.OrdinalIgnoreCase)))
            p.Add("the command or environment asks for KVM");

        // Requests the scheduler can place; limits as large, so the harness sizes its guests to the pod.
        var requests = c.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
        var limits = c.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
        foreach (var key in requests.Keys.Concat(limits.Keys).Where(k => k.Contains("kvm", StringComparison.OrdinalIgnoreCase)))
            p.Add($"a resource {key}: /dev/kvm is not needed (TCG)");
        decimal Of(IDictionary<string, ResourceQuantity> d, string k) => d.TryGetValue(k, out var q) ? q.ToDecimal() : 0;
        var cpu = Of(requests, "cpu");
        var memory = Of(requests, "memory");
        const decimal Gi = 1024m * 1024 * 1024;
        if (cpu is < 1 or > 64) p.Add($"cpu requests {cpu}: a shard needs 1 to 64 cores");
        if (memory < 2 * Gi || memory > 256 * Gi) p.Add($"memory requests {memory / Gi:0.##} GiB: a shard needs 2 to 256 GiB");
        // The harness runs min(cores, memory / (2 x 768 MiB)) guests at once: at least one must fit the limits.
        if (Of(limits, "cpu") != cpu || Of(limits, "memory") < memory)
            p.Add($"limits (cpu {Of(limits, "cpu")}, memory {Of(limits, "memory") / Gi:0.##} GiB) below the requests: the harness would size its guests by the node");
        else if (memory / (2 * 768m * 1024 * 1024) < 1) p.Add("the memory limit holds no guest of 768 MiB (twice, with its builds)");
        return p;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }
}

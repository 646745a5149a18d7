using System.Diagnostics;
using System.Text;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Suites;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// SystemTap: the script is translated and compiled into a module on the host (stap -p4 against
/// the guest kernel's headers and real System.map), then loaded in the guest with staprun, which
/// starts the workload itself (-c) so the probes are armed first. Where a declared runtime patch
/// is needed for this kernel, the module is built against a patched copy of the runtime, unless
/// the test asks for the stock runtime to keep the unpatched failure visible.
/// </summary>
public sealed class SystemTapEngine(StapRuntime stap, StapBuilder builder, RuntimePatchCatalog patches, HarnessCache cache, bool underEmulation)
    : IProbeEngine
{
    private const string GuestOutput = "/tmp/ph/probe.out";

    public string Name => "systemtap";

    public string Version => stap.Version;

    public IReadOnlyList<string> GuestPackages => ["systemtap-runtime"];

    public static async Task<SystemTapEngine> CreateAsync(HarnessCache cache, bool underEmulation, CancellationToken ct)
    {
        var stap = await StapRuntime.DetectAsync(ct);
        return new SystemTapEngine(stap, new StapBuilder(stap.StapPath, cache), RuntimePatchCatalog.Default(), cache, underEmulation);
    }

    public async Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        if (target.BuildDir is null)
            return PreparedProbe.Failed(0, $"no kernel headers for {target.KernelRelease}: SystemTap cannot build", "", sw.Elapsed);
        Directory.CreateDirectory(workDir);
        var script = Path.Combine(workDir, Path.GetFileName(test.ScriptPath));
        await File.WriteAllTextAsync(script, ScriptTemplate.Render(await File.ReadAllTextAsync(test.ScriptPath, ct), target.Arch), ct);

        RuntimePatch? patch = null;
        string? runtime = null;
        if (test.Runtime == "patched")
        {
            patch = patches.NeededBy(stap.Version, KernelRelease.Parse(target.KernelRelease)).FirstOrDefault();
            if (patch is not null) runtime = await PatchedRuntime.GetAsync(cache, stap.Version, patch, ct);
        }
        // No -m: a named module bypasses stap's module cache, and warm builds drop from ~10 s to ~1 s.
        var request = new StapBuildRequest(script, target.BuildDir, null, workDir)
        {
            RuntimeDirectory = runtime,
            RuntimePatch = patch,
            Arch = target.Arch,
            Guru = test.Guru,
            LastPass = Math.Min(test.LastPass, 4),
            // Under emulation every probe costs many times its native time; stap's overload guard
            // would then end runs whose handlers are cheap on real hardware.
            ExtraArgs = underEmulation ? ["-DSTP_NO_OVERLOAD"] : [],
        };
        var failureKey = HarnessCache.KeyOf([await File.ReadAllTextAsync(script, ct), target.BuildDir, runtime ?? "stock",
            stap.FullVersion, .. StapBuilder.Arguments(request with { ScriptFile = "", OutputDirectory = "" })]);
        if (KnownBuildFailure.Find(cache, failureKey) is { } cached)
            return PreparedProbe.Failed(cached.Pass, cached.Reason, cached.Log, sw.Elapsed);
        var r = await builder.BuildAsync(request, ct);
        var log = $"$ {string.Join(' ', r.CommandLine)}\n{r.Stdout}{r.Stderr}";
        if (!r.Success || (request.LastPass == 4 && r.KoPath is null))
        {
            var reason = r.TimedOut ? $"stap timed out after {r.Duration.TotalSeconds:0} s" : r.Reason ?? $"stap exited {r.ExitCode}";
            if (patches.Explaining(stap.Version, r.FailedPass, r.Stderr) is { } known && patch is null)
                reason += $" — known: needs runtime patch {known.Id}: {known.Reason}";
            // A translator or compiler rejection is a property of its inputs; a timeout is not.
            if (!r.TimedOut && r.FailedPass is >= 1 and <= 4)
                await KnownBuildFailure.StoreAsync(cache, failureKey, new KnownBuildFailure(r.FailedPass, reason, log), ct);
            return PreparedProbe.Failed(r.FailedPass, reason, log, sw.Elapsed);
        }
        if (test.LastPass < 5) return PreparedProbe.HostDone(log, sw.Elapsed);
        // staprun takes the module's name from its file name, so the file keeps stap's name for it.
        var guestModule = $"/tmp/ph/{Path.GetFileName(r.KoPath!)}";
        return new PreparedProbe(true, null, null, log, [new GuestFile(guestModule, r.KoPath!)], GuestScript(guestModule, test.Workload), sw.Elapsed)
        {
            ProbedFunctions = ProbedFunctionsOf(await File.ReadAllTextAsync(script, ct)),
        };
    }

    /// <summary>Probe output goes to a file (-o) so the workload's own output never mixes with it.</summary>
    public static string GuestScript(string guestModule, string? workload)
    {
        var s = new StringBuilder();
        s.Append($"staprun -o {GuestOutput}");
        if (workload is not null) s.Append($" -c {ScriptTemplate.ShQuote(workload)}");
        s.AppendLine($" {guestModule} >&2");
        s.AppendLine("rc=$?");
        s.AppendLine($"[ -f {GuestOutput} ] && cat {GuestOutput}");
        s.AppendLine($"rm -f {GuestOutput} {guestModule}");
        s.AppendLine("exit $rc");
        return s.ToString();
    }

    /// <summary>Functions named in kprobe.function("F") and kernel.function("F") probe points (wildcards left out).</summary>
    public static IReadOnlyCollection<string> ProbedFunctionsOf(string script) =>
        System.Text.RegularExpressions.Regex.Matches(script, @"\b(?:kprobe|kernel)\.function\(\s*""([^""*?\[\]@]+)""")
            .Select(m => m.Groups[1].Value.Trim()).Distinct().ToList();

    public ProbeOutput Interpret(StepResult step) => new(step.ExitStatus, step.StdoutText, step.StderrText);
}

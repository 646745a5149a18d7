using System.Diagnostics;
using System.Text;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Shell;
using ProbeHarness.Suites;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// SystemTap: the script is translated and compiled into a module by the kernel's distribution's
/// own stap (StapToolchainTable: bookworm on the host, trixie in a container), stap -p4 against
/// the guest kernel's headers and real System.map, then loaded in the guest with staprun, which
/// starts the workload itself (-c) so the probes are armed first. Where a declared runtime patch
/// is needed for this kernel and stap, the module is built against a patched copy of the runtime,
/// unless the test asks for the stock runtime to keep the unpatched failure visible.
/// </summary>
/// <param name="distro">The kernel's distribution, when known at creation; otherwise the toolchain
/// is chosen per target from its release string.</param>
public sealed class SystemTapEngine(StapToolchains toolchains, string? distro, IStapToolchain? known,
    RuntimePatchCatalog patches, HarnessCache cache, bool underEmulation)
    : IProbeEngine, IAsyncDisposable
{
    private const string GuestOutput = "/tmp/ph/probe.out";

    private IStapToolchain? current = known;

    public string Name => "systemtap";

    /// <summary>The stap version of the toolchain in use: the distribution's, or the last target's.</summary>
    public string Version => current?.Version ?? "unknown";

    /// <summary>The toolchain in use, once known.</summary>
    public IStapToolchain? Toolchain => current;

    public IReadOnlyList<string> GuestPackages => ["systemtap-runtime"];

    /// <summary>
    /// An engine for the kernels of <paramref name="distro"/>, its toolchain ready (a container
    /// started) so that Version is right from the start.
    /// </summary>
    public static async Task<SystemTapEngine> CreateAsync(HarnessCache cache, bool underEmulation, string distro, CancellationToken ct)
    {
        var toolchains = new StapToolchains(cache);
        var toolchain = await toolchains.GetAsync(StapToolchainTable.ForDistro(distro), ct);
        return new SystemTapEngine(toolchains, distro, toolchain, RuntimePatchCatalog.Default(), cache, underEmulation);
    }

    /// <summary>
    /// An engine made before the kernel is known: it picks the toolchain per target by its release.
    /// Version shows the host's stap until a target of another distribution has been prepared.
    /// </summary>
    public static async Task<SystemTapEngine> CreateAsync(HarnessCache cache, bool underEmulation, CancellationToken ct)
    {
        var toolchains = new StapToolchains(cache);
        IStapToolchain? host = null;
        try { host = await toolchains.GetAsync(StapToolchainTable.Host, ct); }
        catch (FileNotFoundException) { } // no stap on the host: fine while only container toolchains are needed
        return new SystemTapEngine(toolchains, null, host, RuntimePatchCatalog.Default(), cache, underEmulation);
    }

    /// <summary>The toolchain that builds for <paramref name="kernelRelease"/> (the distribution's own stap), made current.</summary>
    public async Task<IStapToolchain> ToolchainForAsync(string kernelRelease, CancellationToken ct)
    {
        var choice = distro is not null ? StapToolchainTable.ForDistro(distro) : StapToolchainTable.ForRelease(kernelRelease);
        return current = await toolchains.GetAsync(choice, ct);
    }

    public async Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        if (target.BuildDir is null)
            return PreparedProbe.NotSupported($"no kernel headers or build tree for {target.KernelRelease}: SystemTap cannot build", sw.Elapsed);
        var toolchain = await ToolchainForAsync(target.KernelRelease, ct);
        Directory.CreateDirectory(workDir);
        var script = Path.Combine(workDir, Path.GetFileName(test.ScriptPath));
        var rendered = ScriptTemplate.Render(await File.ReadAllTextAsync(test.ScriptPath, ct), target.Arch);
        await File.WriteAllTextAsync(script, rendered, ct);

        RuntimePatch? patch = null;
        string? runtime = null;
        if (test.Runtime == "patched")
        {
            patch = patches.NeededBy(toolchain.Version, KernelRelease.Parse(target.KernelRelease)).FirstOrDefault();
            if (patch is not null) runtime = await toolchain.PatchedRuntimeAsync(patch, ct);
        }
        var workarounds = StapBuildWorkarounds.Default().For(toolchain.Version, target.KernelRelease);
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
            ExtraArgs = [.. underEmulation ? ["-DSTP_NO_OVERLOAD"] : Array.Empty<string>(), .. workarounds.SelectMany(w => w.Args)],
        };
        // The workaround table is part of the key as it is of stap's own cache: a rejection remembered
        // under one table (a tracepoint query that failed before a workaround) is not an answer under another.
        var failureKey = HarnessCache.KeyOf([rendered, target.BuildDir, runtime ?? "stock",
            toolchain.Identity, StapBuildWorkarounds.Default().CacheArea("workarounds"), .. StapBuilder.Arguments(request with { ScriptFile = "", OutputDirectory = "" })]);
        if (KnownBuildFailure.Find(cache, failureKey) is { } cached)
            return PreparedProbe.Failed(cached.Pass, cached.Reason, cached.Log, sw.Elapsed);
        var r = await toolchain.BuildAsync(request, ct);
        var log = $"# stap {toolchain.FullVersion} ({toolchain.Name} toolchain){WorkaroundsNote(workarounds)}\n$ {string.Join(' ', r.CommandLine)}\n{r.Stdout}{r.Stderr}";
        if (!r.Success || (request.LastPass == 4 && r.KoPath is null))
        {
            var reason = r.TimedOut ? $"stap timed out after {r.Duration.TotalSeconds:0} s" : r.Reason ?? $"stap exited {r.ExitCode}";
            if (patches.Explaining(toolchain.Version, r.FailedPass, r.Stderr) is { } explained && patch is null)
                reason += $" — known: needs runtime patch {explained.Id}: {explained.Reason}";
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
            ProbedFunctions = ProbedFunctionsOf(rendered),
        };
    }

    private static string WorkaroundsNote(IReadOnlyList<StapBuildWorkaround> workarounds) =>
        workarounds.Count == 0 ? "" : $", build workarounds: {string.Join(", ", workarounds.Select(w => w.Id))}";

    /// <summary>Probe output goes to a file (-o) so the workload's own output never mixes with it.</summary>
    public static string GuestScript(string guestModule, string? workload)
    {
        var s = new StringBuilder();
        s.Append($"staprun -o {GuestOutput}");
        if (workload is not null) s.Append($" -c {Sh.Quote(workload)}");
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

    /// <summary>
    /// The guest's result; a load failure that a declared runtime patch explains (pass 5: staprun
    /// could not start the module) says so in the diagnostics, as a build failure's reason does.
    /// </summary>
    public ProbeOutput Interpret(StepResult step)
    {
        var diagnostics = step.StderrText;
        if (step.ExitStatus != 0 && current is not null
            && patches.Explaining(current.Version, 5, diagnostics) is { } known)
            diagnostics += $"\nknown: needs runtime patch {known.Id}: {known.Reason}\n";
        return new ProbeOutput(step.ExitStatus, step.StdoutText, diagnostics);
    }

    public ValueTask DisposeAsync() => toolchains.DisposeAsync();
}

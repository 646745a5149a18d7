using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Guest;
using ProbeHarness.GuestModules;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Suites;
using ProbeHarness.Triage;

namespace ProbeHarness.Corpus;

/// <summary>What one case produced: the file written and whether triage agrees with the table.</summary>
public sealed record CorpusOutcome(string Case, string? File, bool Agrees, string Detail);

/// <summary>
/// Regenerates corpus logs with the harness's own parts: the kernel from <see cref="KernelProvider"/>,
/// the agent initramfs from <see cref="GuestImages"/>, a <see cref="QemuMachine"/> per case, the
/// agent to push the crash module (or a stap module) and to trigger the crash, and the guest's
/// console.log. Boots run one at a time. Each log is triaged at once and compared with the table.
/// </summary>
public sealed class CorpusGenerator(HarnessCache cache, Action<string> report)
{
    /// <summary>A guest that has printed a report and then nothing for this long is done.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<CorpusOutcome>> RunAsync(string archName, string kernelSpec, string outDir,
        IReadOnlyList<CorpusCase> cases, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var selected = cases.Where(c => c.RunsOn(arch.Name)).ToList();
        // A fresh private folder (mode 0700, unpredictable name): the harness runs as root, /tmp is everyone's.
        var work = Path.Combine(Directory.CreateTempSubdirectory("ph-corpus-").FullName, arch.Name);
        Directory.CreateDirectory(work);
        var archOut = Path.Combine(outDir, arch.Name);
        Directory.CreateDirectory(archOut);

        report($"kernel {kernelSpec} for {arch.Name}");
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse(kernelSpec), arch, null, ct);
        // Cases that need a kernel option this kernel lacks (KASAN, lockdep: the debug twin's) cannot happen here.
        var config = kernel.ConfigPath is { } cp && File.Exists(cp) ? File.ReadAllLines(cp).ToHashSet() : [];
        foreach (var c in selected.Where(c => c.MissingConfig(config).Count > 0).ToList())
        {
            report($"skip    {arch.Name}/{c.Name}: kernel {kernel.Release} does not set {string.Join(", ", c.MissingConfig(config))} (a debug twin does: --kernel bookworm:debug)");
            selected.Remove(c);
        }
        var images = new GuestImages(cache, kernel);
        var needStap = selected.Any(c => c.Stap is not null);
        var initrd = await images.InitrdAsync(needStap ? ["systemtap-runtime"] : [], null, ct);
        MachineConfig Config(string dir, CorpusCase c) =>
            new(arch, kernel.KernelPath, initrd, dir, ["loglevel=7", .. c.KernelArgs], Cpus: c.Cpus,
                SilenceLimit: c.Timeout + TimeSpan.FromSeconds(30));

        BuiltModule? crashmod = null;
        if (selected.Any(c => c.NeedsCrashModule))
        {
            report("building crashmod.ko");
            crashmod = await new ModuleBuilder(cache).BuildAsync(ModuleSource.Get("crashmod"), kernel, ct);
        }
        SystemTapEngine? stap = null;
        ProbeTarget? target = null;
        if (needStap)
        {
            report("System.map (for SystemTap)");
            var plain = await images.InitrdAsync([], null, ct);
            var map = await SystemMapMaker.GetAsync(cache, kernel,
                dir => new MachineConfig(arch, kernel.KernelPath, plain, dir, []), ct);
            target = new ProbeTarget(arch, kernel.Release, await BuildTreeWithMap.GetAsync(cache,
                kernel.BuildDir ?? throw new InfrastructureException($"kernel {kernel} has no headers: SystemTap cannot build for it"), map, ct), map);
            stap = await SystemTapEngine.CreateAsync(cache, Accelerator.For(arch) == "tcg", ct);
        }

        var outcomes = new List<CorpusOutcome>();
        var consoles = new Dictionary<string, string>();
        foreach (var c in selected.Where(c => c.TruncateFrom is null))
        {
            report($"== {c.Name}");
            string? probe = null;
            PreparedProbe? prepared = null;
            if (c.Stap is not null)
            {
                var test = new SuiteTest(c.Name, ["systemtap"], [], c.Stap, c.Workload, c.Timeout, "patched", true,
                    new Expectation(null, null, 0, null, null, null), c.Source);
                prepared = await stap!.PrepareAsync(test, target!, Path.Combine(work, "stap", c.Name), ct);
                if (!prepared.Ok)
                {
                    outcomes.Add(new CorpusOutcome(c.Name, null, false, $"stap build failed: {prepared.Reason}"));
                    continue;
                }
                probe = Path.GetFileNameWithoutExtension(prepared.Files[0].HostPath);
            }
            string console;
            try
            {
                console = await BootAndCrashAsync(Config(Path.Combine(work, "boot", c.Name), c), c, crashmod, prepared, ct);
            }
            catch (MachineFailure e)
            {
                // A guest that never came up (a loaded host, a hung boot) is that case's failure, not the command's.
                report($"MISMATCH {arch.Name}/{c.Name}: {e.Message}");
                outcomes.Add(new CorpusOutcome(c.Name, null, false, e.Message));
                continue;
            }
            consoles[c.Name] = console;
            outcomes.Add(Write(c, archOut, arch.Name, probe, console));
        }
        foreach (var c in selected.Where(c => c.TruncateFrom is not null))
        {
            if (!consoles.TryGetValue(c.TruncateFrom!, out var whole))
            {
                var existing = Path.Combine(archOut, c.TruncateFrom + ".log");
                if (!File.Exists(existing))
                {
                    outcomes.Add(new CorpusOutcome(c.Name, null, false, $"needs case '{c.TruncateFrom}' (boot it in the same command, or keep its log in {archOut})"));
                    continue;
                }
                whole = File.ReadAllText(existing);
                whole = whole[(whole.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
            }
            outcomes.Add(Write(c, archOut, arch.Name, null, CorpusLog.Truncate(whole)));
        }
        return outcomes;
    }

    /// <summary>Boots a guest, triggers the case, and returns the cleaned console once the guest is done.</summary>
    private async Task<string> BootAndCrashAsync(MachineConfig config, CorpusCase c, BuiltModule? crashmod, PreparedProbe? probe, CancellationToken ct)
    {
        var monitor = new ConsoleMonitor(config.Arch.Name);
        var gate = new object();
        await using (var m = await QemuMachine.BootAsync(config, chunk => { lock (gate) monitor.Feed(chunk); }, ct))
        {
            string script;
            if (probe is not null)
            {
                foreach (var f in probe.Files)
                    await m.Agent.PutAsync(f.GuestPath, await File.ReadAllBytesAsync(f.HostPath, ct), ct);
                script = probe.GuestScript;
            }
            else
            {
                if (c.NeedsCrashModule)
                    await GuestModuleShipping.PutAsync(m.Agent, [crashmod!], ct);
                script = c.Run!.Replace("${CRASHMOD}", crashmod?.GuestPath ?? "", StringComparison.Ordinal);
            }
            var step = m.Agent.RunAsync(script, c.Timeout, ct);
            _ = step.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            var deadline = DateTime.UtcNow + c.Timeout;
            DateTime? stepDone = null;
            while (DateTime.UtcNow < deadline && !m.HasExited)
            {
                await Task.Delay(250, ct);
                bool trouble;
                lock (gate) trouble = monitor.TroubleSeen;
                var quiet = DateTime.UtcNow - m.Console.LastOutputUtc > Quiet;
                // A report that has stopped printing is whole; the guest may spin on after it.
                if (trouble && quiet) break;
                if (step.IsCompleted) stepDone ??= DateTime.UtcNow;
                // A case that ran to its end without a report is a clean log: power off politely.
                if (!trouble && stepDone is { } d && DateTime.UtcNow - d > Quiet)
                {
                    await m.ShutdownAsync(TimeSpan.FromSeconds(20));
                    break;
                }
            }
            await Task.WhenAny(m.Exited, Task.Delay(500, ct));
        }
        return CorpusLog.Clean(await File.ReadAllTextAsync(Path.Combine(config.WorkDirectory, "console.log"), ct));
    }

    private CorpusOutcome Write(CorpusCase c, string archOut, string arch, string? probe, string console)
    {
        var path = Path.Combine(archOut, c.Name + ".log");
        var expectedProbe = c.Expect.Probe == "module" ? probe : c.Expect.Probe;
        File.WriteAllText(path, CorpusLog.Format(c.Expect, expectedProbe, console));
        var reports = ConsoleTriage.Parse(console, arch);
        string detail;
        bool agrees;
        if (c.Expect.Title.Length == 0)
        {
            agrees = reports.Count == 0;
            detail = agrees ? "no report, as expected" : $"expected no report, got '{reports[0].Title}'";
        }
        else if (reports.Count == 0)
        {
            agrees = false;
            detail = "expected a report, triage found none";
        }
        else
        {
            var r = reports[0];
            var got = $"{r.Title} | {r.Kind} | {r.Culprit} | corrupted={(r.Corrupted ? "yes" : "no")}" + (r.Probe is null ? "" : $" | probe={r.Probe}");
            agrees = r.Title == c.Expect.Title && r.Kind == c.Expect.Type && r.Culprit.ToString() == c.Expect.Culprit
                     && r.Corrupted == c.Expect.Corrupted && (expectedProbe is null || r.Probe == expectedProbe);
            detail = got;
        }
        report($"{(agrees ? "ok      " : "MISMATCH")} {arch}/{c.Name}: {detail}");
        return new CorpusOutcome(c.Name, path, agrees, detail);
    }
}

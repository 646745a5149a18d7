using System.Diagnostics;
using System.Text.RegularExpressions;
using ProbeHarness.Caching;
using ProbeHarness.Exporters;
using ProbeHarness.Machines;
using ProbeHarness.Processes;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// <c>bench faults</c>: each fault of <see cref="HarnessFaults"/> injected into a real run of
/// suites/harness-faults (the kprobe_events engine, <c>before</c> then the fault's test) through the
/// harness's own main path (<see cref="HarnessRun"/>, or the harness as a child process when the
/// harness itself is killed); then the fault's test's state and culprit, the run's processes left
/// alive (a /proc scan for the run's id), and the results judged before the fault missing from the
/// history. Runs and history go under <paramref name="workDirectory"/>, apart from the user's.
/// </summary>
public sealed class FaultBenchmark(HarnessCache cache, string arch, string kernel, string workDirectory, Action<string> log)
{
    public const string Suite = "harness-faults";
    public const string Before = "before";

    private string Database => Path.Combine(workDirectory, "history.sqlite");
    private string Runs => Path.GetFullPath(Path.Combine(workDirectory, "runs"));

    public RunOptions Options(HarnessFault fault) => new()
    {
        Suite = Suite,
        Arch = arch,
        Kernel = kernel,
        Engines = ["kprobe_events"],
        OutDirectory = Runs,
        Database = Database,
        Only = $"^({Before}|{Regex.Escape(fault.Test)})$",
        BuildJobs = 1,
        GuestMemoryMb = fault.MemoryMb ?? new RunOptions().GuestMemoryMb,
    };

    public async Task<FaultTrial> TrialAsync(HarnessFault fault, CancellationToken ct)
    {
        Directory.CreateDirectory(workDirectory);
        return fault.Injection == Injection.KillHarness ? await HarnessKilledAsync(fault, ct) : await InProcessAsync(fault, ct);
    }

    /// <summary>The run in this process, with an observer that injects the fault once the test's guest is up.</summary>
    private async Task<FaultTrial> InProcessAsync(HarnessFault fault, CancellationToken ct)
    {
        var injector = new Injector(fault, log);
        var report = await new HarnessRun(Options(fault), cache, injector).ExecuteAsync(ct);
        var leaked = Leaked(injector.Qemus, QemuMachine.SocketPrefixOf(Environment.ProcessId));
        var lost = Lost(report.Info.Id, injector.JudgedBefore);
        var got = report.Results.FirstOrDefault(r => r.Test == fault.Test);
        var note = $"{report.Info.Id}: {got?.State.DejaGnuWord() ?? "no result"} {got?.Culprit} {got?.Reason}; " +
            $"{injector.SeenAtFault} QEMU(s) of the harness seen at the fault";
        return new FaultTrial(fault, got, leaked, lost, note, injector.Missed);
    }

    /// <summary>
    /// The harness as a child process, killed with SIGKILL a few seconds into the test; then <c>report</c>
    /// on its run (it must gate it as unjudged) and a re-run in this process (the test must pass).
    /// </summary>
    private async Task<FaultTrial> HarnessKilledAsync(HarnessFault fault, CancellationToken ct)
    {
        var o = Options(fault);
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var harness = await ChildProcesses.StartAsync(Harness(["run", "--suite", o.Suite, "--arch", o.Arch, "--kernel", o.Kernel,
            "--engine", "kprobe_events", "--only", o.Only!, "--out", o.OutDirectory, "--db", o.Database!, "--jobs", "1"]));
        _ = harness.StandardOutput.ReadToEndAsync(ct);
        var stderr = harness.StandardError.ReadToEndAsync(ct);
        string? runId = null;
        List<TestResult> before = [];
        var seen = 0;
        var limit = Stopwatch.StartNew();
        // Wait for `before` in the history and the test's guest up, as the harness's child.
        while (!harness.HasExited && limit.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(500, ct);
            runId ??= NewestRun(started);
            if (runId is null) continue;
            before = Stored(runId);
            if (before.All(r => r.Test != Before)) continue;
            seen = RunProcesses.WithArgument(QemuMachine.SocketPrefixOf(harness.Id)).Count;
            if (seen > 0) break;
        }
        if (harness.HasExited || runId is null)
            return new FaultTrial(fault, null, 0, 0, $"the harness ended before the fault: {Text.UntrustedText.OneLine(await stderr, 300)}", "not injected");
        await Task.Delay(fault.Delay, ct);
        before = Stored(runId);
        log($"{fault.Name}: SIGKILL to the harness (pid {harness.Id}), run {runId}");
        RunProcesses.Signal(harness.Id, "KILL");
        await harness.WaitForExitAsync(ct);
        // The parent-death signal reaches QEMU at once; a moment for it to be reaped.
        await Task.Delay(2000, ct);
        var leaked = Leaked([], QemuMachine.SocketPrefixOf(harness.Id));
        var lost = Lost(runId, before);
        var got = Stored(runId).FirstOrDefault(r => r.Test == fault.Test);
        var wrong = new List<string>();
        using (var store = ResultStores.Open(Database))
            if (store.EndOf(runId) is { } end) wrong.Add($"the killed run reads as ended ({end.ExitCode})");
        var report = await ChildProcesses.StartAsync(Harness(["report", runId, "--db", Database, "--out", Path.Combine(workDirectory, "report-" + runId)]));
        _ = report.StandardOutput.ReadToEndAsync(ct);
        _ = report.StandardError.ReadToEndAsync(ct);
        await report.WaitForExitAsync(ct);
        if (report.ExitCode != Gate.Unjudged) wrong.Add($"report exit {report.ExitCode}, expected {Gate.Unjudged} (unjudged)");
        var rerunInjector = new Injector(fault, log);
        var again = await new HarnessRun(o, cache, rerunInjector).ExecuteAsync(ct);
        var rerun = again.Results.FirstOrDefault(r => r.Test == fault.Test);
        if (rerun?.State != TestState.Pass) wrong.Add($"re-run: {rerun?.State.DejaGnuWord() ?? "no result"} {rerun?.Reason}");
        leaked += Leaked(rerunInjector.Qemus, QemuMachine.SocketPrefixOf(Environment.ProcessId));
        var note = $"{runId}: {(got is null ? "no result for the test" : got.State.DejaGnuWord())}, {before.Count} judged before; " +
            $"report exit {report.ExitCode}; re-run {again.Info.Id}: {rerun?.State.DejaGnuWord()}; {seen} QEMU(s) of the harness seen at the fault";
        return new FaultTrial(fault, got, leaked, lost, note, wrong.Count == 0 ? null : string.Join("; ", wrong));
    }

    /// <summary>The harness itself, as built: the same assembly this process runs.</summary>
    private static ProcessStartInfo Harness(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(FaultBenchmark).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private string? NewestRun(DateTimeOffset since)
    {
        if (!File.Exists(Database)) return null;
        using var store = ResultStores.Open(Database);
        return store.Runs().LastOrDefault(r => r.Suite == Suite && r.Started >= since)?.Id;
    }

    private List<TestResult> Stored(string runId)
    {
        using var store = ResultStores.Open(Database);
        return [.. store.Results(runId)];
    }

    /// <summary>
    /// QEMUs of the trial still alive after its run: those the run started (by pid, still QEMU) and any
    /// whose argv holds the harness process's socket prefix. Each is counted, then ended, so one
    /// trial's leak does not reach the next.
    /// </summary>
    private static int Leaked(IEnumerable<int> pids, string socketPrefix)
    {
        var alive = RunProcesses.WithArgument(socketPrefix).ToDictionary(p => p.Pid, p => p.Command);
        foreach (var pid in pids)
            if (!alive.ContainsKey(pid) && RunProcesses.Alive(pid) is { } command && command.Contains("qemu-system", StringComparison.Ordinal))
                alive[pid] = command;
        foreach (var (pid, command) in alive)
        {
            RunProcesses.Signal(pid, "KILL");
            Console.Error.WriteLine($"leaked: pid {pid}: {Text.UntrustedText.OneLine(command, 200)}");
        }
        return alive.Count;
    }

    /// <summary>Results judged before the fault that the history does not hold (same test, same state).</summary>
    private int Lost(string runId, IReadOnlyList<TestResult> before)
    {
        var stored = Stored(runId);
        return before.Count(b => !stored.Any(s => s.Test == b.Test && s.State == b.State && s.Culprit == b.Culprit));
    }

    /// <summary>Injects a host-side fault a few seconds after the fault's test got its guest; keeps what was judged before.</summary>
    private sealed class Injector(HarnessFault fault, Action<string> log) : IRunObserver
    {
        private readonly List<TestResult> _judged = [];
        private bool _armed, _fired;

        public List<TestResult> JudgedBefore { get; private set; } = [];
        public int SeenAtFault { get; private set; }
        /// <summary>Every QEMU the run started, by pid.</summary>
        public List<int> Qemus { get; } = [];
        public string? Missed { get; private set; }

        public void Phase(string cell, string what)
        {
            if (what != fault.Test || _armed) return;
            _armed = true;
            lock (_judged) JudgedBefore = [.. _judged];
            if (fault.Injection is not (Injection.KillQemu or Injection.StopQemu)) return;
            Missed = "the test's guest never came up";
        }

        public void TestFinished(TestResult result)
        {
            lock (_judged) _judged.Add(result);
        }

        public void AfterBoot(QemuMachine machine)
        {
            lock (Qemus) Qemus.Add(machine.Pid);
            if (!_armed || _fired || fault.Injection is not (Injection.KillQemu or Injection.StopQemu)) return;
            _fired = true;
            _ = Task.Run(async () =>
            {
                await Task.Delay(fault.Delay);
                if (machine.HasExited)
                {
                    Missed = "the test's guest had ended before the fault";
                    return;
                }
                SeenAtFault = RunProcesses.WithArgument(QemuMachine.SocketPrefixOf(Environment.ProcessId)).Count;
                var signal = fault.Injection == Injection.KillQemu ? "KILL" : "STOP";
                log($"{fault.Name}: SIG{signal} to QEMU (pid {machine.Pid})");
                RunProcesses.Signal(machine.Pid, signal);
                Missed = null;
            });
        }
    }
}

using ProbeHarness.Engines;
using ProbeHarness.Guest;
using ProbeHarness.Judging;
using ProbeHarness.Machines;
using ProbeHarness.Running;
using ProbeHarness.Snapshots;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.GuestSessions;

/// <summary>
/// The guests of one cell: gets one when a test needs it, runs test after test in it, and after
/// a crash, a lost agent or a taint that matters, throws it away so the next test gets a fresh one.
/// Every guest's console is kept in the cell's directory, and what the guests cost in its guests.txt.
/// When <paramref name="pristine"/>, every test starts in a guest restored from a snapshot
/// (<see cref="SnapshotGuests"/>, kept in <paramref name="snapshots"/> when given); where the
/// snapshot cannot serve, tests are batched in one booted guest, and the session says why.
/// The parts: <see cref="SnapshotGuests"/> (where guests come from), <see cref="CrashWindow"/>
/// (what the console showed during a test), <see cref="TaintWatch"/> (whether a shared guest is
/// still fit), <see cref="GuestTally"/> (what the guests cost), and when given a
/// <see cref="MachineryTracer"/>, the probe machinery's functions each test exercised.
/// </summary>
public sealed class GuestSession(
    Func<string, MachineConfig> configFor,
    string cellDirectory,
    IRunObserver observer,
    SymbolTable? symbols,
    bool pristine = false,
    SnapshotCache? snapshots = null,
    MachineryTracer? tracer = null) : IAsyncDisposable
{
    /// <summary>Added to a test's own timeout for transfers and the agent's reply.</summary>
    private static readonly TimeSpan HostMargin = TimeSpan.FromSeconds(30);

    private readonly SnapshotGuests _source = new(configFor, cellDirectory, observer, pristine, snapshots);
    private readonly CrashWindow _window = new(symbols);
    private readonly TaintWatch _taint = new();
    private readonly GuestTally _tally = new();
    private QemuMachine? _machine;
    private MachineFailure? _bootFailure;
    private int _testsInGuest;

    public int Boots => _tally.Boots;
    /// <summary>Asked for a guest per test (it stays true only while a snapshot can serve).</summary>
    public bool Pristine { get; } = pristine;
    public List<TimeSpan> BootTimes => _tally.BootTimes;
    public List<TimeSpan> RestoreTimes => _tally.RestoreTimes;
    /// <summary>How many tests each guest (booted or restored) served, in order.</summary>
    public List<int> TestsPerGuest => _tally.TestsPerGuest;
    /// <summary>Time to save the snapshot, when this session saved one.</summary>
    public TimeSpan? SnapshotSaveTime => _source.SaveTime;
    /// <summary>The snapshot the tests were restored from came from the harness cache (an earlier or concurrent run saved it).</summary>
    public bool SnapshotFromCache => _source.FromCache;
    /// <summary>The snapshot's cache key, when the cache was used.</summary>
    public string? SnapshotKey => _source.Key;
    /// <summary>Which snapshot was discarded because it would not restore (and a new one saved), and why; at most one per session.</summary>
    public string? DiscardedSnapshot => _source.Discarded;
    /// <summary>Why the snapshot could not serve, when it could not.</summary>
    public string? SnapshotProblem => _source.Problem;
    public string? LastConsoleLog { get; private set; }
    /// <summary>Shared guests thrown away because a test tainted the kernel in a way that matters (test: flags).</summary>
    public List<string> TaintDiscards => _tally.TaintDiscards;

    /// <summary>Runs a prepared probe in a guest and says what happened.</summary>
    public async Task<Outcome> RunAsync(string testName, PreparedProbe probe, IProbeEngine engine, TimeSpan timeout, CancellationToken ct)
    {
        if (_bootFailure is { } bf)
            return new Outcome.MachineFailed(bf.Culprit, bf.Title, $"not retried after the cell's boot failed: {bf.Detail}");
        // A pristine guest per test: the one that ran the last test goes, a restored one comes.
        if (_source.Serving && _testsInGuest > 0) await DiscardAsync();
        try
        {
            await EnsureMachineAsync(ct);
        }
        catch (MachineFailure f)
        {
            _bootFailure = f;
            return new Outcome.MachineFailed(f.Culprit, f.Title, f.Detail);
        }
        var m = _machine!;
        if (tracer is not null) await tracer.ArmAsync(m, ct);
        // A guest the next test will share is checked for new taint after each test: the flags before the first are its baseline.
        var shared = !_source.Serving;
        if (shared && _testsInGuest == 0) await _taint.BaselineAsync(m, ct);
        _testsInGuest++;
        _tally.TestStarted();
        LastConsoleLog = m.Console.LogPath;
        _window.Start(m.Config.Arch.Name, probe.ProbedFunctions);
        using var trouble = new CancellationTokenSource();
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, trouble.Token);
            var step = RunStepAsync(m, probe, timeout, linked.Token);
            var watch = _window.WatchAsync(m, trouble.Token);
            var first = await Task.WhenAny(step, watch, Task.Delay(timeout + HostMargin, ct));
            ct.ThrowIfCancellationRequested();
            if (first == step && step.IsCompletedSuccessfully)
            {
                var crashAfter = await _window.ReportIfTroubleAsync(m);
                if (crashAfter is not null)
                {
                    tracer?.Lost(testName);
                    await DiscardAsync();
                    return new Outcome.Crashed(crashAfter, step.Result.StderrText);
                }
                if (tracer is not null) await tracer.DrainAsync(m, testName, ct);
                if (shared && await _taint.NewTroubleAsync(m, ct) is { } tainted)
                {
                    // The test's own verdict stands; the next one gets a fresh guest.
                    observer.Phase(Path.GetFileName(cellDirectory), $"{testName} left the kernel tainted: {tainted}; the next test gets a fresh guest");
                    _tally.TaintDiscards.Add($"{testName}: {tainted}");
                    await DiscardAsync();
                }
                var o = engine.Interpret(step.Result);
                return o.Refused is { } why ? new Outcome.BuildFailed(5, why, o.Diagnostics) : new Outcome.Ran(o.Exit, o.Output, o.Diagnostics);
            }
            trouble.Cancel();
            tracer?.Lost(testName);
            if (first == step && step.Exception?.InnerException is AgentProtocolException ape and not AgentChannelClosedException && !m.HasExited)
            {
                await DiscardAsync();
                return new Outcome.MachineFailed(Culprit.Harness, "guest agent protocol error", ape.Message);
            }
            // Looked at before the console settles and the guest goes: a QEMU stopped on the host froze its guest.
            var stopped = m.IsStopped;
            var crash = await _window.SettleAndReadAsync(m);
            var exited = m.HasExited;
            var exitCode = m.ExitCode;
            var stderr = exited ? (await m.QemuStderr).Trim() : "";
            await DiscardAsync();
            if (crash is not null) return new Outcome.Crashed(crash, "");
            if (stopped)
                return new Outcome.MachineFailed(Culprit.Infrastructure, "QEMU was stopped on the host",
                    $"no reply within {(timeout + HostMargin).TotalSeconds:0} s and the QEMU process (pid {m.Pid}) was stopped (SIGSTOP or a debugger): its guest was frozen, it did not hang on its own");
            if (exited && exitCode != 0)
                return new Outcome.MachineFailed(Culprit.Infrastructure, "QEMU exited unexpectedly", $"exit {exitCode}: {stderr}");
            if (exited)
                return new Outcome.MachineFailed(Culprit.Kernel, "guest rebooted or powered off during the test", Tail(m));
            return new Outcome.MachineFailed(Culprit.Kernel, "lost connection to guest agent",
                $"no reply within {(timeout + HostMargin).TotalSeconds:0} s; console ends: {Tail(m)}");
        }
        finally
        {
            trouble.Cancel();
        }
    }

    /// <summary>A guest for the next test: the current one, one restored from the snapshot, or a cold boot (saved as the snapshot when one is wanted).</summary>
    private async Task EnsureMachineAsync(CancellationToken ct)
    {
        if (_machine is not null) return;
        _testsInGuest = 0;
        if (await _source.TryRestoreAsync(_window.Feed, ct) is { } restored)
        {
            _machine = restored;
            _tally.Restored(restored.BootTime);
            observer.AfterBoot(restored);
            return;
        }
        var config = configFor(Path.Combine(cellDirectory, $"guest-{_tally.BootStarting()}"));
        observer.BeforeBoot(config);
        _machine = await QemuMachine.BootAsync(config, _window.Feed, withQmp: _source.PerTest, ct);
        _tally.Booted(_machine.BootTime);
        observer.AfterBoot(_machine);
        await _source.SaveIfWantedAsync(_machine, ct);
    }

    private static async Task<StepResult> RunStepAsync(QemuMachine m, PreparedProbe probe, TimeSpan timeout, CancellationToken ct)
    {
        using (Profiling.Phases.Begin(Profiling.Phase.Load))
            foreach (var f in probe.Files)
                await m.Agent.PutAsync(f.GuestPath, await File.ReadAllBytesAsync(f.HostPath, ct), ct);
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Execute);
        return await m.Agent.RunAsync(probe.GuestScript, timeout, ct);
    }

    private static string Tail(QemuMachine m)
    {
        var t = m.Console.Tail();
        return t.Length > 400 ? "…" + t[^400..] : t;
    }

    private async Task DiscardAsync()
    {
        if (_machine is null) return;
        var m = _machine;
        _machine = null;
        await m.DisposeAsync();
        observer.AfterShutdown(m);
    }

    public async ValueTask DisposeAsync()
    {
        _source.DeleteScratch();
        if (TestsPerGuest.Count > 0)
            try { await File.WriteAllTextAsync(Path.Combine(cellDirectory, "guests.txt"), GuestStats.Of(this).ToString()); }
            catch (IOException) { }
        if (_machine is null) return;
        var m = _machine;
        _machine = null;
        await m.ShutdownAsync(TimeSpan.FromSeconds(15));
        await m.DisposeAsync();
        observer.AfterShutdown(m);
    }
}

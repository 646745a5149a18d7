using System.Text;
using ProbeHarness.Engines;
using ProbeHarness.Guest;
using ProbeHarness.Judging;
using ProbeHarness.Machines;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>
/// The guests of one cell: boots one when a test needs it, runs test after test in it, and after
/// a crash, a lost agent or a taint that matters, throws it away so the next test gets a fresh one.
/// Every guest's console is kept in the cell's directory, and what the guests cost in its guests.txt.
/// When <paramref name="pristine"/>, every test starts in a guest restored from a snapshot (~0.4 s
/// instead of a ~6 s boot): the snapshot is taken of the first booted guest once its agent is up,
/// or, with <paramref name="snapshots"/>, found in the harness cache where an earlier run with the
/// same QEMU, kernel, initramfs and machine saved it (then no guest is booted at all). A snapshot
/// that will not restore is discarded and saved anew from a fresh boot, once; where the snapshot
/// still cannot serve, tests are batched in one booted guest as without it, and the session says why.
/// </summary>
public sealed class GuestSession(
    Func<string, MachineConfig> configFor,
    string cellDirectory,
    IRunObserver observer,
    SymbolTable? symbols,
    bool pristine = false,
    SnapshotCache? snapshots = null) : IAsyncDisposable
{
    /// <summary>How long a crashing guest may keep printing before its report is read.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromSeconds(3);
    /// <summary>Added to a test's own timeout for transfers and the agent's reply.</summary>
    private static readonly TimeSpan HostMargin = TimeSpan.FromSeconds(30);

    private QemuMachine? _machine;
    private ConsoleMonitor? _monitor;
    private StringBuilder _window = new();
    private readonly object _gate = new();
    private int _boots;
    private MachineFailure? _bootFailure;

    private Snapshot? _snapshot;
    private CachedSnapshot? _cached;
    private (string Key, IReadOnlyList<string> Inputs)? _key;
    private int _testsInGuest;
    private int _restoreAttempts;

    public int Boots => _boots;
    /// <summary>Asked for a guest per test (it stays true only while a snapshot can serve).</summary>
    public bool Pristine { get; } = pristine;
    /// <summary>A guest per test for now: false once the snapshot has been given up.</summary>
    private bool _perTest = pristine;
    public List<TimeSpan> BootTimes { get; } = [];
    public List<TimeSpan> RestoreTimes { get; } = [];
    /// <summary>How many tests each guest (booted or restored) served, in order.</summary>
    public List<int> TestsPerGuest { get; } = [];
    /// <summary>Time to save the snapshot, when this session saved one.</summary>
    public TimeSpan? SnapshotSaveTime { get; private set; }
    /// <summary>The snapshot the tests were restored from came from the harness cache (an earlier or concurrent run saved it).</summary>
    public bool SnapshotFromCache { get; private set; }
    /// <summary>The snapshot's cache key, when the cache was used.</summary>
    public string? SnapshotKey => _key?.Key;
    /// <summary>Which snapshot was discarded because it would not restore (and a new one saved), and why; at most one per session.</summary>
    public string? DiscardedSnapshot { get; private set; }
    /// <summary>Why the snapshot could not serve, when it could not.</summary>
    public string? SnapshotProblem { get; private set; }
    public string? LastConsoleLog { get; private set; }
    /// <summary>Shared guests thrown away because a test tainted the kernel in a way that matters (test: flags).</summary>
    public List<string> TaintDiscards { get; } = [];

    private ulong _baseTaint;

    private static async Task<ulong?> ReadTaintAsync(QemuMachine m, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        try { return Taint.Parse((await m.Agent.RunAsync("cat /proc/sys/kernel/tainted", TimeSpan.FromSeconds(10), limit.Token)).StdoutText); }
        catch (Exception e) when (e is AgentProtocolException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested)) { return null; }
    }

    /// <summary>Runs a prepared probe in a guest and says what happened.</summary>
    public async Task<Outcome> RunAsync(string testName, PreparedProbe probe, IProbeEngine engine, TimeSpan timeout, CancellationToken ct)
    {
        if (_bootFailure is { } bf)
            return new Outcome.MachineFailed(bf.Culprit, bf.Title, $"not retried after the cell's boot failed: {bf.Detail}");
        // A pristine guest per test: the one that ran the last test goes, a restored one comes.
        if (_perTest && _snapshot is not null && _testsInGuest > 0) await DiscardAsync();
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
        // A guest the next test will share is checked for new taint after each test: the flags before the first are its baseline.
        var shared = !(_perTest && _snapshot is not null);
        if (shared && _testsInGuest == 0) _baseTaint = await ReadTaintAsync(m, ct) ?? 0;
        _testsInGuest++;
        TestsPerGuest[^1]++;
        LastConsoleLog = m.Console.LogPath;
        StartWindow(m.Config.Arch.Name, probe.ProbedFunctions);
        using var trouble = new CancellationTokenSource();
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, trouble.Token);
            var step = RunStepAsync(m, probe, timeout, linked.Token);
            var watch = WatchAsync(m, trouble.Token);
            var first = await Task.WhenAny(step, watch, Task.Delay(timeout + HostMargin, ct));
            ct.ThrowIfCancellationRequested();
            if (first == step && step.IsCompletedSuccessfully)
            {
                var crashAfter = await ReportIfTroubleAsync(m);
                if (crashAfter is not null)
                {
                    await DiscardAsync();
                    return new Outcome.Crashed(crashAfter, step.Result.StderrText);
                }
                if (shared && (await ReadTaintAsync(m, ct) is not { } taint ? "its taint could not be read" : Taint.NewTrouble(_baseTaint, taint)) is { } trouble2)
                {
                    // The test's own verdict stands; the next one gets a fresh guest.
                    observer.Phase(CellName, $"{testName} left the kernel tainted: {trouble2}; the next test gets a fresh guest");
                    TaintDiscards.Add($"{testName}: {trouble2}");
                    await DiscardAsync();
                }
                var o = engine.Interpret(step.Result);
                return o.Refused is { } why ? new Outcome.BuildFailed(5, why, o.Diagnostics) : new Outcome.Ran(o.Exit, o.Output, o.Diagnostics);
            }
            trouble.Cancel();
            if (first == step && step.Exception?.InnerException is AgentProtocolException ape and not AgentChannelClosedException && !m.HasExited)
            {
                await DiscardAsync();
                return new Outcome.MachineFailed(Culprit.Harness, "guest agent protocol error", ape.Message);
            }
            var crash = await SettleAndReadAsync(m);
            var exited = m.HasExited;
            var exitCode = m.ExitCode;
            var stderr = exited ? (await m.QemuStderr).Trim() : "";
            await DiscardAsync();
            if (crash is not null) return new Outcome.Crashed(crash, "");
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

    private async Task EnsureMachineAsync(CancellationToken ct)
    {
        if (_machine is not null) return;
        _testsInGuest = 0;
        if (_perTest && _snapshot is null && _key is null && snapshots is not null) FindCached();
        if (_snapshot is not null && await TryRestoreAsync(ct)) return;
        _boots++;
        var config = configFor(Path.Combine(cellDirectory, $"guest-{_boots}"));
        observer.BeforeBoot(config);
        _machine = await QemuMachine.BootAsync(config, OnConsole, withQmp: _perTest, ct);
        BootTimes.Add(_machine.BootTime);
        TestsPerGuest.Add(0);
        observer.AfterBoot(_machine);
        if (_perTest && _snapshot is null) await SaveAsync(_machine, ct);
    }

    /// <summary>Looks the snapshot up in the harness cache (computing its key once).</summary>
    private void FindCached()
    {
        var config = configFor(cellDirectory);
        try
        {
            _key = SnapshotCache.KeyOf(config);
        }
        catch (IOException e)
        {
            // An unreadable kernel or initramfs fails the boot with a clearer message; no cache for this session.
            observer.Phase(CellName, $"snapshot cache not used: {e.Message}");
            snapshots = null;
            return;
        }
        _cached = snapshots!.Find(_key.Value.Key, config);
        if (_cached is null) return;
        _snapshot = _cached.Snapshot;
        SnapshotFromCache = true;
    }

    /// <summary>
    /// Starts a guest from the snapshot. The first snapshot that fails (a cached one, or one saved
    /// this run) is discarded and a new one saved from the next boot, which serves the test; a
    /// second failure ends the snapshot's service: the rest is batched in booted guests rather
    /// than failing tests for a restore problem.
    /// </summary>
    private async Task<bool> TryRestoreAsync(CancellationToken ct)
    {
        // Numbered by attempt: a failed restore's console stays beside the ones that worked.
        var dir = Path.Combine(cellDirectory, $"restore-{++_restoreAttempts}");
        try
        {
            _machine = await QemuMachine.RestoreAsync(_snapshot!, dir, OnConsole, ct);
            RestoreTimes.Add(_machine.BootTime);
            TestsPerGuest.Add(0);
            observer.AfterBoot(_machine);
            return true;
        }
        catch (MachineFailure f)
        {
            var bad = _cached;
            var what = bad is { SavedHere: false } ? $"cached snapshot {bad.Key}" : "snapshot saved this run";
            var why = $"{f.Title}: {f.Detail}";
            _snapshot = null;
            _cached = null;
            SnapshotFromCache = false;
            if (bad is not null)
                try { await snapshots!.DiscardAsync(bad, ct); }
                catch (IOException e) { observer.Phase(CellName, $"could not discard {what}: {e.Message}"); }
            if (DiscardedSnapshot is not null)
            {
                GiveUpSnapshot(why);
                return false;
            }
            DiscardedSnapshot = $"{what} did not restore ({why})";
            observer.Phase(CellName, $"{DiscardedSnapshot}; discarded, booting to save a new one");
            return false;
        }
    }

    /// <summary>Saves the freshly booted guest: into the harness cache when there is one, else into the cell's directory.</summary>
    private async Task SaveAsync(QemuMachine m, CancellationToken ct)
    {
        try
        {
            if (snapshots is not null && _key is { } key)
            {
                _cached = await snapshots.SaveAsync(key.Key, key.Inputs, m, ct);
                _snapshot = _cached.Snapshot;
                SnapshotFromCache = !_cached.SavedHere;
                if (_cached.SavedHere) SnapshotSaveTime = _snapshot.SaveTime;
            }
            else
            {
                _snapshot = await m.SaveSnapshotAsync(Path.Combine(cellDirectory, "guest.snapshot"), ct);
                SnapshotSaveTime = _snapshot.SaveTime;
            }
        }
        catch (Exception e) when (e is MachineFailure or QmpException or IOException)
        {
            GiveUpSnapshot(e is MachineFailure f ? $"{f.Title}: {f.Detail}" : e.Message);
        }
    }

    private void GiveUpSnapshot(string why)
    {
        SnapshotProblem = why;
        _perTest = false;
        observer.Phase(CellName, $"snapshot cannot serve ({why}); the remaining tests share one booted guest");
    }

    private string CellName => Path.GetFileName(cellDirectory);

    private void OnConsole(string chunk)
    {
        lock (_gate)
        {
            _monitor?.Feed(chunk);
            _window.Append(chunk);
            // Keep the window bounded: a report's context is at its end.
            if (_window.Length > 1 << 20) _window.Remove(0, _window.Length - (1 << 19));
        }
    }

    private IReadOnlyCollection<string> _probed = [];

    private void StartWindow(string arch, IReadOnlyCollection<string> probed)
    {
        lock (_gate)
        {
            _probed = probed;
            _monitor = new ConsoleMonitor(arch, symbols, probed);
            _window = new StringBuilder();
        }
    }

    private static async Task<StepResult> RunStepAsync(QemuMachine m, PreparedProbe probe, TimeSpan timeout, CancellationToken ct)
    {
        using (Profiling.Phases.Begin(Profiling.Phase.Load))
            foreach (var f in probe.Files)
                await m.Agent.PutAsync(f.GuestPath, await File.ReadAllBytesAsync(f.HostPath, ct), ct);
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Execute);
        return await m.Agent.RunAsync(probe.GuestScript, timeout, ct);
    }

    /// <summary>Completes when the guest shows trouble or QEMU exits.</summary>
    private async Task WatchAsync(QemuMachine m, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !m.HasExited)
        {
            lock (_gate) if (_monitor?.TroubleSeen == true) return;
            try { await Task.WhenAny(m.Exited, Task.Delay(200, ct)); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Lets a crashing guest finish printing (or exit), then reads its report.</summary>
    private async Task<CrashInfo?> SettleAndReadAsync(QemuMachine m)
    {
        var until = DateTime.UtcNow + SettleLimit;
        while (!m.HasExited && DateTime.UtcNow < until && DateTime.UtcNow - m.Console.LastOutputUtc < SettleQuiet)
            await Task.WhenAny(m.Exited, Task.Delay(250));
        await Task.WhenAny(m.Console.Closed, Task.Delay(m.HasExited ? 2000 : 0));
        return Read(m.Config.Arch.Name);
    }

    private async Task<CrashInfo?> ReportIfTroubleAsync(QemuMachine m)
    {
        bool seen;
        lock (_gate) seen = _monitor?.TroubleSeen == true;
        return seen ? await SettleAndReadAsync(m) : null;
    }

    private CrashInfo? Read(string arch)
    {
        string text;
        lock (_gate) text = _window.ToString();
        var reports = ConsoleTriage.Parse(text, arch, symbols, _probed);
        return reports.Count > 0 ? reports[0].ToCrashInfo() : null;
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
        // A snapshot of the cell's own is scratch; a cached one is for later runs.
        if (_snapshot is not null && _cached is null) try { File.Delete(_snapshot.File); } catch (IOException) { }
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

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
/// Every guest's console is kept in the cell's directory.
/// When <paramref name="pristine"/>, the first guest is saved as a snapshot once its agent is up and
/// every later test starts in a guest restored from it (~0.4 s instead of a ~6 s boot); where the
/// snapshot cannot serve, tests are batched in one booted guest as without it.
/// </summary>
public sealed class GuestSession(
    Func<string, MachineConfig> configFor,
    string cellDirectory,
    IRunObserver observer,
    SymbolTable? symbols,
    bool pristine = false) : IAsyncDisposable
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
    private int _testsInGuest;

    public int Boots => _boots;
    public List<TimeSpan> BootTimes { get; } = [];
    public List<TimeSpan> RestoreTimes { get; } = [];
    /// <summary>How many tests each guest (booted or restored) served, in order.</summary>
    public List<int> TestsPerGuest { get; } = [];
    /// <summary>Time to save the snapshot, when one was taken.</summary>
    public TimeSpan? SnapshotSaveTime => _snapshot?.SaveTime;
    /// <summary>Why the snapshot could not serve, when it could not.</summary>
    public string? SnapshotProblem { get; private set; }
    public string? LastConsoleLog { get; private set; }

    /// <summary>Runs a prepared probe in a guest and says what happened.</summary>
    public async Task<Outcome> RunAsync(string testName, PreparedProbe probe, IProbeEngine engine, TimeSpan timeout, CancellationToken ct)
    {
        if (_bootFailure is { } bf)
            return new Outcome.MachineFailed(bf.Culprit, bf.Title, $"not retried after the cell's boot failed: {bf.Detail}");
        // A pristine guest per test: the one that ran the last test goes, a restored one comes.
        if (pristine && _snapshot is not null && _testsInGuest > 0) await DiscardAsync();
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
        if (_snapshot is not null)
        {
            var dir = Path.Combine(cellDirectory, $"restore-{RestoreTimes.Count + 1}");
            try
            {
                _machine = await QemuMachine.RestoreAsync(_snapshot, dir, OnConsole, ct);
                RestoreTimes.Add(_machine.BootTime);
                TestsPerGuest.Add(0);
                observer.AfterBoot(_machine);
                return;
            }
            catch (MachineFailure f)
            {
                // Batch the rest in booted guests rather than fail tests for a restore problem.
                SnapshotProblem = $"{f.Title}: {f.Detail}";
                _snapshot = null;
                pristine = false;
            }
        }
        _boots++;
        var config = configFor(Path.Combine(cellDirectory, $"guest-{_boots}"));
        observer.BeforeBoot(config);
        _machine = await QemuMachine.BootAsync(config, OnConsole, withQmp: pristine, ct);
        BootTimes.Add(_machine.BootTime);
        TestsPerGuest.Add(0);
        observer.AfterBoot(_machine);
        if (pristine && SnapshotProblem is null)
        {
            try
            {
                _snapshot = await _machine.SaveSnapshotAsync(Path.Combine(cellDirectory, "guest.snapshot"), ct);
            }
            catch (Exception e) when (e is MachineFailure or QmpException or IOException)
            {
                SnapshotProblem = e.Message;
                pristine = false;
            }
        }
    }

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
        foreach (var f in probe.Files)
            await m.Agent.PutAsync(f.GuestPath, await File.ReadAllBytesAsync(f.HostPath, ct), ct);
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
        if (_snapshot is not null) try { File.Delete(_snapshot.File); } catch (IOException) { }
        if (_machine is null) return;
        var m = _machine;
        _machine = null;
        await m.ShutdownAsync(TimeSpan.FromSeconds(15));
        await m.DisposeAsync();
        observer.AfterShutdown(m);
    }
}

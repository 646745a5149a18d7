using System.Diagnostics;
using System.Net.Sockets;
using ProbeHarness.Guest;
using ProbeHarness.Processes;
using ProbeHarness.Shell;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Machines;

/// <summary>
/// One QEMU guest booted into the agent initramfs. Owns the QEMU process, its console stream
/// and the agent channel; disposing it always ends QEMU.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private readonly Process _qemu;
    private readonly Socket _listener;
    private readonly string _socketPath;
    private readonly Task<string> _stderr;
    private string? _qmpPath;

    public MachineConfig Config { get; }
    public ConsoleTap Console { get; }
    public AgentClient Agent { get; private set; } = null!;

    /// <summary>Seconds from QEMU start to the agent's READY line.</summary>
    public TimeSpan BootTime { get; private set; }

    /// <summary>Whether this guest was restored from a snapshot rather than booted (BootTime is then the restore time).</summary>
    public bool Restored { get; private set; }

    /// <summary>Completes when QEMU exits, for any reason.</summary>
    public Task Exited { get; }

    private QemuMachine(MachineConfig config, Process qemu, Socket listener, string socketPath, ConsoleTap console)
    {
        Config = config;
        _qemu = qemu;
        _listener = listener;
        _socketPath = socketPath;
        Console = console;
        _stderr = qemu.StandardError.ReadToEndAsync();
        Exited = qemu.WaitForExitAsync();
    }

    public bool HasExited => _qemu.HasExited;

    public int? ExitCode => _qemu.HasExited ? _qemu.ExitCode : null;

    /// <summary>How the agent and QMP socket paths of a harness process's guests begin: in every such QEMU's argv, so its guests can be found by a /proc scan.</summary>
    public static string SocketPrefixOf(int harnessPid) => Path.Combine(Path.GetTempPath(), $"ph-{harnessPid}-");

    /// <summary>QEMU's process id (setpriv execs it: the same process), for a watchdog's and a fault benchmark's checks.</summary>
    public int Pid => _qemu.Id;

    /// <summary>QEMU is alive but stopped (SIGSTOP, a debugger): its guest is frozen by the host, not hung on its own.</summary>
    public bool IsStopped => !_qemu.HasExited && Processes.ProcessState.IsStopped(_qemu.Id);

    /// <summary>What QEMU printed on stderr (complete once it has exited).</summary>
    public Task<string> QemuStderr => _stderr;

    /// <summary>
    /// Boots the guest and waits for the agent. <paramref name="onConsole"/> sees the console as
    /// it streams, from the first byte.
    /// </summary>
    public static async Task<QemuMachine> BootAsync(MachineConfig config, Action<string>? onConsole, CancellationToken ct) =>
        await BootAsync(config, onConsole, withQmp: false, ct);

    /// <summary>As <see cref="BootAsync(MachineConfig, Action{string}?, CancellationToken)"/>; with a QMP socket the guest can be saved as a snapshot.</summary>
    public static async Task<QemuMachine> BootAsync(MachineConfig config, Action<string>? onConsole, bool withQmp, CancellationToken ct)
    {
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Boot, config.Arch.Name);
        var m = await StartAsync(config, onConsole, withQmp ? [] : null, ct);
        try
        {
            await m.ConnectAgentAsync(ct);
            m.BootTime = m._started.Elapsed;
            return m;
        }
        catch
        {
            await m.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a guest from a snapshot instead of booting it: QEMU loads the saved migration stream
    /// (-incoming), the agent channel reconnects to a fresh listener, the VM is continued and the
    /// agent answers a PING. BootTime is then the restore time.
    /// </summary>
    public static async Task<QemuMachine> RestoreAsync(Snapshot snapshot, string workDirectory, Action<string>? onConsole, CancellationToken ct)
    {
        var config = snapshot.Config with { WorkDirectory = workDirectory };
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Restore, config.Arch.Name);
        var m = await StartAsync(config, onConsole, ["-incoming", $"exec:cat {Sh.Quote(snapshot.File)}"], ct);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(60));
            var conn = await m._listener.AcceptAsync(limit.Token);
            await using (var qmp = await QmpClient.ConnectAsync(m._qmpPath!, TimeSpan.FromSeconds(10), limit.Token))
            {
                string status;
                while ((status = await qmp.StatusAsync(limit.Token)) == "inmigrate") await Task.Delay(10, limit.Token);
                if (status != "running") await qmp.ExecuteAsync("cont", null, limit.Token);
            }
            m.Agent = await AgentClient.ResumeAsync(new NetworkStream(conn, ownsSocket: true), snapshot.Release, snapshot.GuestMachine, limit.Token);
            m.BootTime = m._started.Elapsed;
            m.Restored = true;
            return m;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or QmpException or AgentProtocolException)
        {
            var exited = m.HasExited;
            if (exited) await Task.WhenAny(m.Console.Closed, Task.Delay(2000, CancellationToken.None));
            var err = exited ? (await m._stderr).Trim() : "";
            // What the restored guest printed (an oops right after resuming) says more than a closed channel.
            var console = m.Console.Tail().Trim();
            await m.DisposeAsync();
            ct.ThrowIfCancellationRequested();
            throw new MachineFailure(Culprit.Infrastructure, "restore from snapshot failed",
                $"{e.Message} {Last(err)}".Trim() + (console.Length > 0 ? $"; console ends: {Last(console)}" : ""));
        }
    }

    /// <summary>
    /// Saves the running guest (agent idle, waiting for a command) into <paramref name="file"/> with
    /// QEMU's migration to a file, then lets it continue, so the same guest serves its first test.
    /// </summary>
    public async Task<Snapshot> SaveSnapshotAsync(string file, CancellationToken ct)
    {
        if (_qmpPath is null) throw new InvalidOperationException("the guest was started without a QMP socket");
        var sw = Stopwatch.StartNew();
        await using var qmp = await QmpClient.ConnectAsync(_qmpPath, TimeSpan.FromSeconds(10), ct);
        // The stream goes to a .part file renamed once cat has written all of it: QEMU may report the
        // migration completed before its writer has flushed, and a snapshot must never be read short.
        var part = file + ".part";
        File.Delete(file);
        await qmp.ExecuteAsync("migrate", new System.Text.Json.Nodes.JsonObject
        {
            ["uri"] = $"exec:cat > {Sh.Quote(part)} && mv -f {Sh.Quote(part)} {Sh.Quote(file)}",
        }, ct);
        while (true)
        {
            var info = await qmp.ExecuteAsync("query-migrate", null, ct);
            var status = info?["status"]?.GetValue<string>();
            if (status == "completed") break;
            if (status is "failed" or "cancelled")
                throw new MachineFailure(Culprit.Infrastructure, "snapshot failed",
                    info?["error-desc"]?.GetValue<string>() ?? $"migration {status}");
            await Task.Delay(50, ct);
        }
        for (var waited = 0; !File.Exists(file); waited += 20)
        {
            if (waited > 30_000) throw new MachineFailure(Culprit.Infrastructure, "snapshot failed", $"{file} was not written 30 s after the migration completed");
            await Task.Delay(20, ct);
        }
        await qmp.ExecuteAsync("cont", null, ct);
        return new Snapshot(file, Config, Agent.GuestRelease, Agent.GuestMachine, sw.Elapsed);
    }


    private Stopwatch _started = new();

    /// <summary>Starts QEMU with the agent listener (and, when <paramref name="qmpExtra"/> is not null, a QMP socket and those extra arguments).</summary>
    private static async Task<QemuMachine> StartAsync(MachineConfig config, Action<string>? onConsole, IReadOnlyList<string>? qmpExtra, CancellationToken ct)
    {
        Directory.CreateDirectory(config.WorkDirectory);
        var socketPath = (SocketPrefixOf(Environment.ProcessId) + Guid.NewGuid().ToString("N"))[..(Path.GetTempPath().Length + 24)] + ".sock";
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);

        var accel = Accelerator.For(config.Arch);
        var psi = new ProcessStartInfo(config.Arch.QemuBinary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in QemuCommand.Arguments(config, socketPath, accel)) psi.ArgumentList.Add(a);
        string? qmpPath = null;
        if (qmpExtra is not null)
        {
            // Beside the agent's socket, short enough for sun_path.
            qmpPath = socketPath[..^5] + ".qmp";
            psi.ArgumentList.Add("-qmp");
            psi.ArgumentList.Add($"unix:{qmpPath},server=on,wait=off");
            foreach (var a in qmpExtra) psi.ArgumentList.Add(a);
        }
        await File.WriteAllLinesAsync(Path.Combine(config.WorkDirectory, "qemu.cmdline"),
            [psi.FileName, .. psi.ArgumentList], ct);

        var started = Stopwatch.StartNew();
        Process qemu;
        try
        {
            qemu = await ChildProcesses.StartAsync(psi);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            listener.Dispose();
            File.Delete(socketPath);
            throw new MachineFailure(Culprit.Infrastructure, "QEMU could not be started", $"{psi.FileName}: {e.Message}");
        }
        var tap = new ConsoleTap(qemu.StandardOutput.BaseStream, Path.Combine(config.WorkDirectory, "console.log"));
        if (onConsole is not null) tap.Observe(onConsole);
        var m = new QemuMachine(config, qemu, listener, socketPath, tap) { _qmpPath = qmpPath, _started = started };
        return m;
    }

    private async Task ConnectAgentAsync(CancellationToken ct)
    {
        using var boot = CancellationTokenSource.CreateLinkedTokenSource(ct);
        boot.CancelAfter(Config.EffectiveBootTimeout);
        var handshake = HandshakeAsync(boot.Token);
        var silent = SilenceAsync(boot.Token);
        var first = await Task.WhenAny(handshake, Exited, silent);
        if (first == silent && silent.Result && !handshake.IsCompleted && !_qemu.HasExited)
        {
            boot.Cancel();
            throw new MachineFailure(Culprit.Kernel, "no output from test machine",
                $"the console was silent for {Config.EffectiveSilenceLimit.TotalSeconds:0} s during boot; it ends: {Last(Console.Tail())}");
        }
        if (first == handshake && handshake.IsCompletedSuccessfully)
        {
            Agent = handshake.Result;
            return;
        }
        // QEMU exiting also closes the agent channel; its exit, not the closed channel, is the news.
        if (first == Exited || _qemu.HasExited || await ExitedSoonAsync())
        {
            await Task.WhenAny(Console.Closed, Task.Delay(2000, CancellationToken.None));
            var err = (await _stderr).Trim();
            // QEMU refusing its arguments or its files is the infrastructure's fault; a guest that
            // powered itself off or rebooted (panic=-1 with -no-reboot) before the agent came up is the kernel's.
            if (_qemu.ExitCode != 0 || err.Length > 0 && !Console.Tail().Contains("Linux version"))
                throw new MachineFailure(Culprit.Infrastructure, "QEMU exited unexpectedly", $"exit {_qemu.ExitCode}: {Last(err)}");
            throw new MachineFailure(Culprit.Kernel, "boot never reached the guest agent", $"guest stopped during boot; console ends: {Last(Console.Tail())}");
        }
        ct.ThrowIfCancellationRequested();
        if (handshake.Exception?.InnerException is AgentProtocolException ape)
            throw new MachineFailure(Culprit.Harness, "guest agent protocol error", ape.Message);
        throw new MachineFailure(Culprit.Kernel, "boot never reached the guest agent",
            $"no READY within {Config.EffectiveBootTimeout.TotalSeconds:0} s; console ends: {Last(Console.Tail())}");
    }

    private async Task<bool> ExitedSoonAsync()
    {
        await Task.WhenAny(Exited, Task.Delay(1000));
        return _qemu.HasExited;
    }

    /// <summary>True when the console has been silent for the silence limit (the no-output watchdog); false when cancelled.</summary>
    private async Task<bool> SilenceAsync(CancellationToken ct)
    {
        try
        {
            while (DateTime.UtcNow - Console.LastOutputUtc < Config.EffectiveSilenceLimit)
                await Task.Delay(500, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<AgentClient> HandshakeAsync(CancellationToken ct)
    {
        var conn = await _listener.AcceptAsync(ct);
        return await AgentClient.HandshakeAsync(new NetworkStream(conn, ownsSocket: true), ct);
    }

    private static string Last(string s) => s.Length > 600 ? "…" + s[^600..] : s;

    /// <summary>Asks the agent to power off, then makes sure QEMU is gone.</summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        if (!_qemu.HasExited) Profiling.Phases.SampleChild(Path.GetFileName(Config.Arch.QemuBinary), _qemu.Id);
        if (!_qemu.HasExited && Agent is not null)
        {
            using var cts = new CancellationTokenSource(grace);
            try
            {
                await Agent.PowerOffAsync(cts.Token);
                await Exited.WaitAsync(cts.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or AgentProtocolException) { }
        }
        ChildProcesses.Kill(_qemu);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_qemu.HasExited) Profiling.Phases.SampleChild(Path.GetFileName(Config.Arch.QemuBinary), _qemu.Id);
        ChildProcesses.Kill(_qemu);
        try { await Exited.WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        if (Agent is not null) await Agent.DisposeAsync();
        _listener.Dispose();
        try { File.Delete(_socketPath); } catch (IOException) { }
        if (_qmpPath is not null) try { File.Delete(_qmpPath); } catch (IOException) { }
        await Console.DisposeAsync();
    }
}

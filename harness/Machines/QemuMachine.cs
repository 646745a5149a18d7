using System.Diagnostics;
using System.Net.Sockets;
using ProbeHarness.Guest;
using ProbeHarness.Processes;
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

    public MachineConfig Config { get; }
    public ConsoleTap Console { get; }
    public AgentClient Agent { get; private set; } = null!;

    /// <summary>Seconds from QEMU start to the agent's READY line.</summary>
    public TimeSpan BootTime { get; private set; }

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

    /// <summary>What QEMU printed on stderr (complete once it has exited).</summary>
    public Task<string> QemuStderr => _stderr;

    /// <summary>
    /// Boots the guest and waits for the agent. <paramref name="onConsole"/> sees the console as
    /// it streams, from the first byte.
    /// </summary>
    public static async Task<QemuMachine> BootAsync(MachineConfig config, Action<string>? onConsole, CancellationToken ct)
    {
        Directory.CreateDirectory(config.WorkDirectory);
        var socketPath = Path.Combine(Path.GetTempPath(), $"ph-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24] + ".sock");
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
        var m = new QemuMachine(config, qemu, listener, socketPath, tap);
        try
        {
            await m.ConnectAgentAsync(ct);
            m.BootTime = started.Elapsed;
            return m;
        }
        catch
        {
            await m.DisposeAsync();
            throw;
        }
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
        ChildProcesses.Kill(_qemu);
        try { await Exited.WaitAsync(TimeSpan.FromSeconds(10)); } catch (TimeoutException) { }
        if (Agent is not null) await Agent.DisposeAsync();
        _listener.Dispose();
        try { File.Delete(_socketPath); } catch (IOException) { }
        await Console.DisposeAsync();
    }
}

using System.Text;
using ProbeHarness.Machines;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.GuestSessions;

/// <summary>
/// What a guest's console printed during the current test, watched for trouble as it arrives:
/// a window opened per test (with the functions that test probes, so a crash in one is blamed on
/// the probe) and, once trouble is seen, read as a crash report after the guest has had its say.
/// Console chunks arrive on QEMU's reader thread; the test's flow reads on its own.
/// </summary>
public sealed class CrashWindow(SymbolTable? symbols)
{
    /// <summary>How long a crashing guest may keep printing before its report is read.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SettleQuiet = TimeSpan.FromSeconds(3);

    private readonly object _gate = new();
    private ConsoleMonitor? _monitor;
    private StringBuilder _window = new();
    private IReadOnlyCollection<string> _probed = [];

    /// <summary>Takes a chunk of console output (the machine's console callback).</summary>
    public void Feed(string chunk)
    {
        lock (_gate)
        {
            _monitor?.Feed(chunk);
            _window.Append(chunk);
            // Keep the window bounded: a report's context is at its end.
            if (_window.Length > 1 << 20) _window.Remove(0, _window.Length - (1 << 19));
        }
    }

    /// <summary>Opens a fresh window for a test probing <paramref name="probed"/>.</summary>
    public void Start(string arch, IReadOnlyCollection<string> probed)
    {
        lock (_gate)
        {
            _probed = probed;
            _monitor = new ConsoleMonitor(arch, symbols, probed);
            _window = new StringBuilder();
        }
    }

    private bool TroubleSeen
    {
        get { lock (_gate) return _monitor?.TroubleSeen == true; }
    }

    /// <summary>Completes when the guest shows trouble or QEMU exits.</summary>
    public async Task WatchAsync(QemuMachine m, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !m.HasExited)
        {
            if (TroubleSeen) return;
            try { await Task.WhenAny(m.Exited, Task.Delay(200, ct)); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>The crash report when trouble was seen (after letting the guest finish printing); null when none.</summary>
    public async Task<CrashInfo?> ReportIfTroubleAsync(QemuMachine m) => TroubleSeen ? await SettleAndReadAsync(m) : null;

    /// <summary>Lets a crashing guest finish printing (or exit), then reads its report.</summary>
    public async Task<CrashInfo?> SettleAndReadAsync(QemuMachine m)
    {
        var until = DateTime.UtcNow + SettleLimit;
        while (!m.HasExited && DateTime.UtcNow < until && DateTime.UtcNow - m.Console.LastOutputUtc < SettleQuiet)
            await Task.WhenAny(m.Exited, Task.Delay(250));
        await Task.WhenAny(m.Console.Closed, Task.Delay(m.HasExited ? 2000 : 0));
        return Read(m.Config.Arch.Name);
    }

    private CrashInfo? Read(string arch)
    {
        string text;
        IReadOnlyCollection<string> probed;
        lock (_gate)
        {
            text = _window.ToString();
            probed = _probed;
        }
        var reports = ConsoleTriage.Parse(text, arch, symbols, probed);
        return reports.Count > 0 ? reports[0].ToCrashInfo() : null;
    }
}

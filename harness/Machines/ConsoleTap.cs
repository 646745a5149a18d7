using System.Text;

namespace ProbeHarness.Machines;

/// <summary>
/// Streams a guest's serial console to a file (flushed per chunk, so a harness crash keeps it)
/// and to observers, and remembers when the guest last printed anything.
/// </summary>
public sealed class ConsoleTap : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly List<Action<string>> _observers = [];
    private readonly Task _pump;
    private readonly StringBuilder _tail = new();
    private readonly object _gate = new();

    public string LogPath { get; }
    public DateTime LastOutputUtc { get; private set; } = DateTime.UtcNow;

    public ConsoleTap(Stream source, string logPath)
    {
        LogPath = logPath;
        _file = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        _pump = Task.Run(() => PumpAsync(source));
    }

    public void Observe(Action<string> observer)
    {
        lock (_gate) _observers.Add(observer);
    }

    /// <summary>The last few KiB of console text, for error messages.</summary>
    public string Tail()
    {
        lock (_gate) return _tail.ToString();
    }

    /// <summary>Completes when the console closes (QEMU exited).</summary>
    public Task Closed => _pump;

    private async Task PumpAsync(Stream source)
    {
        var buf = new byte[16384];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buf.Length)];
        while (true)
        {
            int n;
            try { n = await source.ReadAsync(buf); }
            catch (IOException) { break; }
            catch (ObjectDisposedException) { break; }
            if (n == 0) break;
            await _file.WriteAsync(buf.AsMemory(0, n));
            await _file.FlushAsync();
            LastOutputUtc = DateTime.UtcNow;
            var text = new string(chars, 0, decoder.GetChars(buf, 0, n, chars, 0));
            Action<string>[] observers;
            lock (_gate)
            {
                _tail.Append(text);
                if (_tail.Length > 8192) _tail.Remove(0, _tail.Length - 8192);
                observers = [.. _observers];
            }
            foreach (var o in observers) o(text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _pump.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
        await _file.DisposeAsync();
    }
}

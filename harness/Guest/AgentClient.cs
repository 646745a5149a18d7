using System.Text;

namespace ProbeHarness.Guest;

/// <summary>
/// Talks to the guest agent over its channel: one command at a time, each answered by framed
/// output and an exit status (see vmimages/agent/init for the guest side).
/// </summary>
public sealed class AgentClient : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _one = new(1, 1);
    private int _next;

    /// <summary>`uname -r` and `uname -m` of the guest, from its READY line.</summary>
    public string GuestRelease { get; }
    public string GuestMachine { get; }

    private AgentClient(Stream stream, StreamReader reader, string release, string machine)
    {
        _stream = stream;
        _reader = reader;
        GuestRelease = release;
        GuestMachine = machine;
    }

    /// <summary>Waits for the agent's READY line on a freshly connected channel.</summary>
    public static async Task<AgentClient> HandshakeAsync(Stream stream, CancellationToken ct)
    {
        var reader = new StreamReader(stream, Encoding.Latin1, false, 65536, leaveOpen: true);
        var line = await reader.ReadLineAsync(ct)
            ?? throw new AgentProtocolException("agent channel closed before READY");
        if (!line.StartsWith(AgentCommands.ReadyPrefix, StringComparison.Ordinal))
            throw new AgentProtocolException($"expected READY from the agent, got '{line}'");
        var f = line.Split(' ');
        return new AgentClient(stream, reader, f.Length > 2 ? f[2] : "?", f.Length > 3 ? f[3] : "?");
    }

    /// <summary>
    /// Takes over the channel of a guest restored from a snapshot: its READY was read before the
    /// save, so a PING answered proves the agent is serving again.
    /// </summary>
    public static async Task<AgentClient> ResumeAsync(Stream stream, string release, string machine, CancellationToken ct)
    {
        var client = new AgentClient(stream, new StreamReader(stream, Encoding.Latin1, false, 65536, leaveOpen: true), release, machine);
        var id = client.NextId();
        await client.ExchangeAsync(id, AgentCommands.Ping(id), ct);
        return client;
    }

    /// <summary>Runs a shell script in the guest; the guest kills it after <paramref name="timeout"/>.</summary>
    public Task<StepResult> RunAsync(string script, TimeSpan timeout, CancellationToken ct)
    {
        var id = NextId();
        return ExchangeAsync(id, AgentCommands.Run(id, script, timeout), ct);
    }

    public async Task PutAsync(string guestPath, byte[] content, CancellationToken ct)
    {
        var id = NextId();
        var r = await ExchangeAsync(id, AgentCommands.Put(id, guestPath, content), ct);
        if (r.ExitStatus != 0) throw new AgentProtocolException($"PUT {guestPath} failed in the guest (status {r.ExitStatus})");
    }

    public Task<StepResult> PowerOffAsync(CancellationToken ct)
    {
        var id = NextId();
        return ExchangeAsync(id, AgentCommands.PowerOff(id), ct);
    }

    private string NextId() => Interlocked.Increment(ref _next).ToString();

    private async Task<StepResult> ExchangeAsync(string id, byte[] command, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            await _stream.WriteAsync(command, ct);
            await _stream.FlushAsync(ct);
            var frames = new AgentFrames(id);
            while (true)
            {
                var line = await _reader.ReadLineAsync(ct)
                    ?? throw new AgentChannelClosedException($"agent channel closed during step {id}");
                var done = frames.Feed(line);
                if (done is not null) return done;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}

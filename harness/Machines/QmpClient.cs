using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProbeHarness.Machines;

/// <summary>
/// QEMU's machine protocol over its unix socket: greeting, qmp_capabilities, then one command at a
/// time; asynchronous events between replies are skipped.
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>Connects (retrying while QEMU creates the socket) and negotiates capabilities.</summary>
    public static async Task<QmpClient> ConnectAsync(string path, TimeSpan within, CancellationToken ct)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await s.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                var q = new QmpClient(s);
                _ = await q.ReadMessageAsync(ct); // greeting
                await q.ExecuteAsync("qmp_capabilities", null, ct);
                return q;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                s.Dispose();
                await Task.Delay(20, ct);
            }
        }
    }

    /// <summary>Runs a command and returns its "return" value; a QMP error throws.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken ct)
    {
        var msg = new JsonObject { ["execute"] = command };
        if (arguments is not null) msg["arguments"] = arguments;
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(msg.ToJsonString() + "\n"), ct);
        while (true)
        {
            var reply = await ReadMessageAsync(ct);
            if (reply["event"] is not null) continue;
            if (reply["error"] is { } e) throw new QmpException(command, e["desc"]?.GetValue<string>() ?? e.ToJsonString());
            return reply["return"];
        }
    }

    /// <summary>The VM's run state ("running", "paused", "inmigrate", "postmigrate", ...).</summary>
    public async Task<string> StatusAsync(CancellationToken ct) =>
        (await ExecuteAsync("query-status", null, ct))?["status"]?.GetValue<string>() ?? "unknown";

    private async Task<JsonObject> ReadMessageAsync(CancellationToken ct)
    {
        var line = await _reader.ReadLineAsync(ct) ?? throw new IOException("QMP socket closed");
        return JsonNode.Parse(line) as JsonObject ?? throw new IOException($"QMP sent something not an object: {line}");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}

public sealed class QmpException(string command, string description) : Exception($"QMP {command}: {description}");

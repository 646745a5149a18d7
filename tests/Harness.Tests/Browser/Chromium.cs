using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ProbeHarness.Tests.Browser;

/// <summary>
/// A real headless Chromium (Debian's `chromium`) driven over the DevTools protocol on 127.0.0.1:
/// opens a page, collects every console error, uncaught exception and browser log error while it
/// loads, then answers questions about the DOM and takes screenshots.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profileDir;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _reader;
    private int _nextId;
    private string? _session;

    /// <summary>Console errors, uncaught exceptions and browser log errors (CSP refusals among them), in arrival order.</summary>
    public List<string> Errors { get; } = [];

    private Chromium(Process process, string profileDir, Uri endpoint)
    {
        _process = process;
        _profileDir = profileDir;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _socket.ConnectAsync(endpoint, CancellationToken.None).GetAwaiter().GetResult();
        _reader = Task.Run(ReadLoopAsync);
    }

    public static string? Binary => ProbeHarness.Processes.Tool.Which("chromium");

    public static async Task<Chromium> StartAsync()
    {
        var binary = Binary ?? throw new InvalidOperationException("chromium is not installed (scripts/setup-host installs it)");
        var profile = Path.Combine(Path.GetTempPath(), $"ph-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        var psi = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", "about:blank" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _ = p.StandardOutput.ReadToEndAsync();
        // Chromium says where its DevTools endpoint listens on stderr, once it is up.
        string? line;
        while ((line = await p.StandardError.ReadLineAsync()) is not null)
        {
            const string marker = "DevTools listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            _ = p.StandardError.ReadToEndAsync();
            return new Chromium(p, profile, new Uri(line[(at + marker.Length)..].Trim()));
        }
        throw new InvalidOperationException($"chromium exited without a DevTools endpoint (exit {p.ExitCode})");
    }

    /// <summary>Opens <paramref name="file"/> in a fresh tab and returns once its load event fired.</summary>
    public async Task OpenAsync(string file)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browser: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, browser: true);
        _session = attached["sessionId"]!.GetValue<string>();
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
        await SendAsync("Page.enable");
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri });
        await foreach (var e in _events.Reader.ReadAllAsync())
            if (e["method"]?.GetValue<string>() == "Page.loadEventFired") break;
    }

    /// <summary>The value of a JavaScript expression evaluated in the page (DevTools' own evaluation: the page's CSP does not apply to it).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var r = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (r["exceptionDetails"] is { } ex) throw new InvalidOperationException($"evaluation failed: {ex.ToJsonString()}");
        return r["result"]?["value"];
    }

    /// <summary>A PNG of the whole page, not only the window.</summary>
    public async Task<byte[]> ScreenshotAsync(int width = 1200)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics");
        var height = Math.Min(16000, (int)Math.Ceiling(metrics["cssContentSize"]!["height"]!.GetValue<double>()));
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool browser = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browser && _session is not null) message["sessionId"] = _session;
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending) _pending[id] = done;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await done.Task;
        if (reply["error"] is { } err) throw new InvalidOperationException($"{method}: {err.ToJsonString()}");
        return reply["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id)
                {
                    TaskCompletionSource<JsonObject>? waiter;
                    lock (_pending) _pending.Remove(id.GetValue<int>(), out waiter);
                    waiter?.TrySetResult(node);
                    continue;
                }
                Collect(node);
                _events.Writer.TryWrite(node);
            }
        }
        catch (WebSocketException) { }
        finally
        {
            _events.Writer.TryComplete();
            lock (_pending)
                foreach (var w in _pending.Values) w.TrySetException(new InvalidOperationException("chromium closed the DevTools connection"));
        }
    }

    private void Collect(JsonObject e)
    {
        var p = e["params"];
        var method = e["method"]?.GetValue<string>();
        string? error = null;
        if (method == "Runtime.exceptionThrown")
            error = "exception: " + p?["exceptionDetails"]?.ToJsonString();
        else if (method == "Runtime.consoleAPICalled" && (p?["type"]?.GetValue<string>() is "error" or "assert"))
            error = "console.error: " + p?["args"]?.ToJsonString();
        else if (method == "Log.entryAdded" && p?["entry"]?["level"]?.GetValue<string>() == "error")
            error = $"log ({p["entry"]!["source"]}): {p["entry"]!["text"]}";
        if (error is not null) lock (Errors) Errors.Add(error);
    }

    public async ValueTask DisposeAsync()
    {
        try { await SendAsync("Browser.close", browser: true); } catch (Exception e) when (e is InvalidOperationException or WebSocketException) { }
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await _reader;
        _socket.Dispose();
        try { Directory.Delete(_profileDir, recursive: true); } catch (IOException) { }
    }
}

using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace ProbeHarness.Profiling;

/// <summary>
/// Records this process's own EventPipe session into a .nettrace file: the run's phase events
/// (<see cref="RunEvents"/>) and the runtime's GC and contention events. In-process through the
/// diagnostics IPC channel the runtime opens for every .NET process, so no environment variable
/// has to be set before the harness starts.
/// </summary>
public sealed class ProfileRecorder : IAsyncDisposable
{
    public const string FileName = "profile.nettrace";

    private readonly EventPipeSession _session;
    private readonly FileStream _file;
    private readonly Task _copy;

    public string Path { get; }

    private ProfileRecorder(string path, EventPipeSession session, FileStream file)
    {
        Path = path;
        _session = session;
        _file = file;
        _copy = Task.Run(() => session.EventStream.CopyToAsync(file));
    }

    public static ProfileRecorder Start(string path)
    {
        var providers = new[]
        {
            new EventPipeProvider(RunEvents.ProviderName, EventLevel.Verbose),
            // GC and lock contention: the harness's own overheads, if they show.
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords: 0x1 | 0x4000),
        };
        var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(providers, requestRundown: false);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var recorder = new ProfileRecorder(path, session, file);
        Phases.Sample("start");
        return recorder;
    }

    public async ValueTask DisposeAsync()
    {
        Phases.Sample("end");
        try { await _session.StopAsync(CancellationToken.None); }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException) { }
        await _copy;
        _session.Dispose();
        await _file.DisposeAsync();
    }
}

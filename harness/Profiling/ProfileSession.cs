using ProbeHarness.Running;

namespace ProbeHarness.Profiling;

/// <summary>
/// `run --profile`: records the run into a .nettrace beside its run directory while it goes, and
/// moves the file into the run directory once the run (and so the directory's name) is known.
/// </summary>
public sealed class ProfileSession
{
    private readonly ProfileRecorder _recorder;

    private ProfileSession(ProfileRecorder recorder) => _recorder = recorder;

    public static ProfileSession Start(string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        return new ProfileSession(ProfileRecorder.Start(Path.Combine(outDirectory, $".profile-{Environment.ProcessId}-{Guid.NewGuid():N}.nettrace")));
    }

    /// <summary>The run's observer with cell boundaries added.</summary>
    public static IRunObserver Observe(IRunObserver observer) => new CompositeObserver([observer, new ProfilingObserver()]);

    /// <summary>Stops recording and puts the trace in the run directory; returns its path.</summary>
    public async Task<string> FinishAsync(string runDirectory)
    {
        await _recorder.DisposeAsync();
        var target = Path.Combine(runDirectory, ProfileRecorder.FileName);
        File.Move(_recorder.Path, target, overwrite: true);
        return target;
    }
}

namespace ProbeHarness.Running;

/// <summary>
/// A run's identity, made in one place for single runs and matrices: the id (time, label, a short
/// random part) and the run directory under the output folder, named by the id.
/// </summary>
public sealed record RunStart(string Id, DateTimeOffset Started, string Directory)
{
    /// <summary>A new id for a run labelled <paramref name="label"/> (suite and arch, or matrix-NAME); the directory is not made yet.</summary>
    public static RunStart New(string outDirectory, string label)
    {
        var started = DateTimeOffset.UtcNow;
        var id = $"{started:yyyyMMdd-HHmmss}-{label}-{Guid.NewGuid().ToString("N")[..6]}";
        return new RunStart(id, started, Path.GetFullPath(Path.Combine(outDirectory, id)));
    }

    /// <summary>Makes the run directory; called only once every input has been checked and the history opened.</summary>
    public RunStart Make()
    {
        System.IO.Directory.CreateDirectory(Directory);
        return this;
    }
}

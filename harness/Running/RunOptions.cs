namespace ProbeHarness.Running;

/// <summary>What a user asked of a run; defaults are the main job's.</summary>
public sealed record RunOptions
{
    public string Suite { get; init; } = "smoke";
    public string Arch { get; init; } = "x86_64";
    public string Kernel { get; init; } = "bookworm";
    public IReadOnlyList<string> Engines { get; init; } = ["systemtap", "kprobe_events"];
    /// <summary>Where run directories go; each run gets its own below it.</summary>
    public string OutDirectory { get; init; } = "runs";
    /// <summary>The history database; null: history.sqlite in the harness cache.</summary>
    public string? Database { get; init; }
    /// <summary>Host-side builds at once.</summary>
    public int BuildJobs { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public int GuestMemoryMb { get; init; } = 768;
}

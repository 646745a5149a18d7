namespace ProbeHarness.Running;

/// <summary>What a user asked of a run; defaults are the main job's.</summary>
public sealed record RunOptions
{
    public string Suite { get; init; } = "smoke";
    public string Arch { get; init; } = "x86_64";
    public string Kernel { get; init; } = "bookworm";
    public IReadOnlyList<string> Engines { get; init; } = ProbeHarness.Engines.EngineRegistry.Defaults;
    /// <summary>Where run directories go; each run gets its own below it.</summary>
    public string OutDirectory { get; init; } = "runs";
    /// <summary>The history database; null: history.sqlite in the harness cache.</summary>
    public string? Database { get; init; }
    /// <summary>Host-side builds at once.</summary>
    public int BuildJobs { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public int GuestMemoryMb { get; init; } = 768;
    /// <summary>A SystemTap source tree's testsuite/ (pass directories), run instead of a suite file.</summary>
    public string? StapTestsuite { get; init; }
    /// <summary>Only tests whose name matches this regular expression (a suite's tests, or a conformance suite's).</summary>
    public string? Only { get; init; }
    /// <summary>Conformance suites: host passes only, no guest (test_installcheck is then not run).</summary>
    public bool HostOnly { get; init; }
    /// <summary>Conformance suites: run every host command again, ignoring results remembered from earlier runs.</summary>
    public bool Fresh { get; init; }
    /// <summary>Trace the probe machinery's functions in the guests while the tests run, and record the ones each cell exercised.</summary>
    public bool MachineryCoverage { get; init; }
    /// <summary>A shard of a run spread over machines: each group's run joins that run in the history.</summary>
    public Sharding.ShardMembership? Shard { get; init; }
}

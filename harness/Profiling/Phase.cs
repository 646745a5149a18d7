namespace ProbeHarness.Profiling;

/// <summary>The phases a run's time is split into; <see cref="Phases.Begin"/> names one of these.</summary>
public static class Phase
{
    /// <summary>Package lists: finding which kernel and packages to take.</summary>
    public const string Resolve = "resolve";
    /// <summary>Fetching .deb files the cache does not hold yet.</summary>
    public const string Download = "download";
    /// <summary>A cold QEMU boot to a ready agent.</summary>
    public const string Boot = "boot";
    /// <summary>A guest started from a saved snapshot to a ready agent.</summary>
    public const string Restore = "restore";
    /// <summary>Turning a test's probe into what the guest runs (stap -p4, a kprobe_events definition).</summary>
    public const string Build = "build";
    /// <summary>Putting a probe's files into the guest.</summary>
    public const string Load = "load";
    /// <summary>The test's script in the guest: arming the probe, the workload, reading back.</summary>
    public const string Execute = "execute";
    /// <summary>Turning an outcome into a verdict and storing it.</summary>
    public const string Judge = "judge";
    /// <summary>Writing the run's files (.sum, .log, JUnit, HTML, KCIDB).</summary>
    public const string Export = "export";

    public static readonly IReadOnlyList<string> All = [Resolve, Download, Boot, Restore, Build, Load, Execute, Judge, Export];
}

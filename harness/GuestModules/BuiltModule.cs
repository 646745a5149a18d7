namespace ProbeHarness.GuestModules;

/// <summary>A module built for one kernel: the .ko in the harness cache and where it goes in the guest.</summary>
public sealed record BuiltModule(string Name, string KoPath, string Key)
{
    /// <summary>Where the guest finds it: outside /lib/modules, so nothing but an explicit insmod loads it.</summary>
    public string GuestPath => $"/usr/lib/probe-harness/modules/{Name}.ko";
}

using ProbeHarness.Caching;

namespace ProbeHarness.Machines;

/// <summary>
/// Which QEMU a binary name runs: its resolved path and content hash. A saved guest is only
/// restored by the QEMU that saved it (another build may lay out devices or RAM differently).
/// </summary>
public static class QemuIdentity
{
    /// <summary>"path sha256" of <paramref name="binary"/> found on PATH; "missing name" when it is not there.</summary>
    public static string Of(string binary)
    {
        var path = Processes.Tool.Which(binary);
        return path is null ? $"missing {binary}" : $"{path} {FileHashes.Of(path)}";
    }
}

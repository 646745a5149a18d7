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
        var path = Resolve(binary);
        return path is null ? $"missing {binary}" : $"{path} {FileHashes.Of(path)}";
    }

    /// <summary>The file a bare program name runs, as a process start would find it on PATH.</summary>
    public static string? Resolve(string binary)
    {
        if (binary.Contains('/')) return File.Exists(binary) ? Path.GetFullPath(binary) : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, binary);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

namespace ProbeHarness.Toolchains;

/// <summary>A host directory or file bound into a toolchain container.</summary>
/// <param name="HostPath">Absolute path on the host.</param>
/// <param name="ContainerPath">Where the container sees it; the same path keeps absolute links and printed paths valid on both sides.</param>
/// <param name="Writable">False binds it read-only.</param>
public sealed record ToolchainMount(string HostPath, string ContainerPath, bool Writable)
{
    public static ToolchainMount Same(string path, bool writable) => new(Path.GetFullPath(path), Path.GetFullPath(path), writable);
}

using ProbeHarness.Architectures;

namespace ProbeHarness.Kernels;

/// <summary>
/// A kernel ready to boot and to build modules for, every file in the harness cache (or, for a
/// user's own kernel, where the user keeps it).
/// </summary>
/// <param name="Distro">The distribution name, or "local" for a user's kernel.</param>
/// <param name="Release">uname -r: 6.1.0-56-amd64.</param>
/// <param name="Abi">6.1.0-56; for a local kernel, the release itself.</param>
/// <param name="Flavor">amd64, cloud-amd64; empty for a local kernel.</param>
/// <param name="PackageVersion">The Debian version (6.1.192-2); null for a local kernel.</param>
/// <param name="Arch">The guest architecture it runs on.</param>
/// <param name="KernelPath">The file QEMU boots: vmlinuz-*, vmlinux-* where the arch boots that, or the ELF unpacked from the vmlinuz where the arch row boots that (x86, through its PVH entry).</param>
/// <param name="ModulesDir">lib/modules/&lt;release&gt; of the image (a user's build tree with built modules is its own); null when a user's kernel has none, its agent-channel drivers being built in.</param>
/// <param name="ConfigPath">The kernel's .config; null when unknown.</param>
/// <param name="BuildDir">A headers tree for `make -C BuildDir M=…` and `stap -r BuildDir`; null without headers.</param>
/// <param name="SystemMapPath">A real System.map; null for Debian images, whose map is a placeholder.</param>
/// <param name="ContentKey">Identifies exactly this kernel (the .deb sha256s, or the user's files' hashes).</param>
public sealed record KernelImage(
    string Distro,
    string Release,
    string Abi,
    string Flavor,
    string? PackageVersion,
    Arch Arch,
    string KernelPath,
    string? ModulesDir,
    string? ConfigPath,
    string? BuildDir,
    string? SystemMapPath,
    string ContentKey)
{
    public override string ToString() =>
        PackageVersion is null ? $"{Release} ({Arch}, {KernelPath})" : $"{Distro} {Release} {PackageVersion} ({Arch})";
}

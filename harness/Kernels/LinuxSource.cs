using System.Text.RegularExpressions;

namespace ProbeHarness.Kernels;

/// <summary>
/// The kernel's own source, as Debian's linux-source-&lt;series&gt; package ships it, unpacked
/// (whole, or only the subtrees asked for) in the harness cache.
/// </summary>
/// <param name="Distro">The release it comes from.</param>
/// <param name="Package">linux-source-6.1.</param>
/// <param name="Version">The package's version, which is the kernel packages' source version (6.1.158-1).</param>
/// <param name="Root">The top of the tree (what was linux-source-6.1/ in the tarball).</param>
public sealed partial record LinuxSource(string Distro, string Package, string Version, string Root)
{
    /// <summary>The sha256 of the linux-source .deb it was unpacked from; empty when not known.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Whether this is the source of the kernel under test: the same release and package version.</summary>
    public bool Matches(KernelImage kernel) => MismatchWith(kernel) is null;

    /// <summary>Why this source is not the kernel's (for an UNSUPPORTED/UNTESTED reason), null when it is.</summary>
    public string? MismatchWith(KernelImage kernel)
    {
        if (kernel.PackageVersion is null)
            return $"{kernel.Release} is not a Debian package, so no {Package} is known to be its source";
        if (kernel.Distro != Distro)
            return $"{kernel.Release} is a {kernel.Distro} kernel, {Package} {Version} is {Distro}'s source";
        var version = BinNmu().Replace(kernel.PackageVersion, "");
        return version == Version ? null
            : $"{kernel.Release} is built from {version}, but {Distro} serves {Package} {Version}";
    }

    // A binary-only rebuild (6.1.158-1+b1) has the source of 6.1.158-1.
    [GeneratedRegex(@"\+b\d+$")]
    private static partial Regex BinNmu();
}

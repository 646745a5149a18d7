using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Which stap builds modules for a distribution's kernels: the release's own SystemTap, since
/// a stap older than the kernel cannot build for it (4.8 fails on 6.12) and a much newer one is
/// not what that distribution's users run.
/// </summary>
/// <param name="Distro">The distribution (DistroTable name), "local" for a user's kernel.</param>
/// <param name="DebianMajor">Its Debian version, as kernel releases carry it ("+deb13"); null when none.</param>
/// <param name="Toolchain">"host", or a toolchain recipe in vmimages/toolchains.</param>
/// <param name="StapVersion">The stap version the toolchain is expected to have; a different one is an error.</param>
public sealed record StapToolchainChoice(string Distro, int? DebianMajor, string Toolchain, string StapVersion)
{
    public bool OnHost => Toolchain == HostStapToolchain.ToolchainName;
}

/// <summary>The choices as data: one row per distribution.</summary>
public static partial class StapToolchainTable
{
    public static readonly IReadOnlyList<StapToolchainChoice> All =
    [
        new("bookworm", 12, HostStapToolchain.ToolchainName, "4.8"),
        new("trixie", 13, "trixie-stap", "5.1"),
    ];

    /// <summary>The row for a distribution; a user's own kernel ("local") and unknown ones use the host's stap.</summary>
    public static StapToolchainChoice ForDistro(string distro) =>
        All.FirstOrDefault(c => c.Distro == distro) ?? Host;

    public static StapToolchainChoice Host => All.First(c => c.OnHost);

    // "6.12.118+deb13-amd64": Debian 13's naming since trixie (and bookworm's 6.12 backports, +deb12).
    [GeneratedRegex(@"\+deb(?<major>\d+)(?:u\d+)?-")]
    private static partial Regex DebianSuffix();

    // "6.1.0-56-amd64": the older naming, one Debian series per distribution.
    [GeneratedRegex(@"^(?<series>\d+\.\d+)\.0-\d+-")]
    private static partial Regex OldDebianAbi();

    /// <summary>
    /// The distribution a kernel release string belongs to, when only the release is known:
    /// by its +debNN suffix, else by the series of an old-style Debian ABI (6.1.0-NN → bookworm).
    /// Null for releases that name no Debian kernel.
    /// </summary>
    public static string? DistroOfRelease(string release)
    {
        if (DebianSuffix().Match(release) is { Success: true } m)
            return All.FirstOrDefault(c => c.DebianMajor == int.Parse(m.Groups["major"].Value))?.Distro;
        if (OldDebianAbi().Match(release) is { Success: true } o)
            return Kernels.DistroTable.All.FirstOrDefault(d => d.KernelSeries == o.Groups["series"].Value)?.Name;
        return null;
    }

    /// <summary>The row for a kernel given by its release string alone.</summary>
    public static StapToolchainChoice ForRelease(string release) =>
        DistroOfRelease(release) is { } d ? ForDistro(d) : Host;
}

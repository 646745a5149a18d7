namespace ProbeHarness.Kernels;

/// <summary>One apt source line's worth of archive: a mirror URI and the suites served from it.</summary>
public sealed record AptSource(string Uri, IReadOnlyList<string> Suites);

/// <summary>
/// A Debian release the harness takes kernels from. One row per release in <see cref="DistroTable"/>.
/// </summary>
/// <param name="Name">The spec name (bookworm).</param>
/// <param name="Sources">Where its packages come from (main, updates, security).</param>
/// <param name="Components">Archive components to index.</param>
/// <param name="Keyring">The keyring that signs its Release files.</param>
/// <param name="KernelSeries">The upstream series it ships (6.1).</param>
/// <param name="KbuildPackage">The kbuild package, used when the headers' Depends name none.</param>
/// <param name="KernelArches">The Debian architectures it builds kernels for.</param>
public sealed record Distro(
    string Name,
    IReadOnlyList<AptSource> Sources,
    IReadOnlyList<string> Components,
    string Keyring,
    string KernelSeries,
    string KbuildPackage,
    IReadOnlyList<string> KernelArches)
{
    public override string ToString() => Name;

    /// <summary>The one-line-style sources.list for an architecture, pinned to it with [arch=].</summary>
    public string SourcesList(string debianArch) => string.Concat(
        from s in Sources
        from suite in s.Suites
        select $"deb [arch={debianArch} signed-by={Keyring}] {s.Uri} {suite} {string.Join(' ', Components)}\n");
}

/// <summary>The distributions the harness knows, as data.</summary>
public static class DistroTable
{
    private const string DebianKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";

    public static readonly IReadOnlyList<Distro> All =
    [
        // Debian builds no riscv64 kernel for bookworm; trixie is riscv64's first release.
        Debian("bookworm", "6.1", "linux-kbuild-6.1", ["amd64", "arm64", "ppc64el", "s390x", "i386"]),
        Debian("trixie", "6.12", "linux-kbuild-6.12", ["amd64", "arm64", "ppc64el", "s390x", "i386", "riscv64"]),
    ];

    private static Distro Debian(string suite, string series, string kbuild, IReadOnlyList<string> kernelArches) => new(
        suite,
        [
            new("http://deb.debian.org/debian", [suite, $"{suite}-updates"]),
            new("http://deb.debian.org/debian-security", [$"{suite}-security"]),
        ],
        ["main"], DebianKeyring, series, kbuild, kernelArches);

    public static Distro? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    public static Distro Get(string name) => Find(name) ?? throw new ArgumentException(
        $"unknown distribution '{name}'; known: {string.Join(", ", All.Select(d => d.Name))}");
}

using ProbeHarness.Architectures;

namespace ProbeHarness.Kernels;

/// <summary>
/// Which kernel to test, as the user wrote it. Either a Debian kernel (distribution, optional ABI,
/// optional flavor) or a path to a kernel of the user's own.
/// </summary>
public sealed record KernelSpec
{
    /// <summary>The distribution row; null for a path.</summary>
    public Distro? Distro { get; init; }
    /// <summary>The requested ABI (6.1.0-56); null means the newest one served.</summary>
    public string? Abi { get; init; }
    /// <summary>The requested flavor as written (cloud, cloud-amd64); null means the arch's default.</summary>
    public string? Flavor { get; init; }
    /// <summary>A kernel image file, or a directory holding one (see <see cref="LocalKernelLayout"/>); null for a Debian kernel.</summary>
    public string? Path { get; init; }
    /// <summary>The debug twin (<c>bookworm:debug</c>): the same kernel rebuilt from Debian's source with debug options.</summary>
    public bool Debug { get; init; }
    /// <summary>The text it was parsed from.</summary>
    public required string Text { get; init; }

    public bool IsLocal => Path is not null;

    public const string DebugSuffix = ":debug";

    /// <summary>The Debian kernel a debug twin is rebuilt from (the spec without :debug).</summary>
    public KernelSpec Stock => this with { Debug = false, Text = Debug ? Text.Trim()[..^DebugSuffix.Length] : Text };

    public override string ToString() => Text;

    public static string Accepted =>
        $"accepted kernel specs: <distro> (newest kernel), <distro>:<abi> (e.g. bookworm:6.1.0-56), " +
        $"<distro>:<abi>-<flavor> (bookworm:6.1.0-56-cloud), <distro>:<flavor> (bookworm:cloud), " +
        $"any of those followed by :debug for its debug twin (bookworm:debug, bookworm:6.1.0-57:debug), " +
        $"or a path containing '/' to your own kernel: an image, an unpacked or installed package (boot/vmlinuz-* with lib/modules " +
        $"or usr/lib/modules), or a kernel build tree (arch/*/boot/bzImage or Image, vmlinux, .config, System.map); " +
        $"distros: {string.Join(", ", DistroTable.All.Select(d => d.Name))}";

    /// <summary>Parses a spec; throws <see cref="KernelSpecException"/> naming what is accepted.</summary>
    public static KernelSpec Parse(string text) => Parse(text.Trim(), text);

    // spec: what is left to read; text: what the user wrote, for the error messages.
    private static KernelSpec Parse(string spec, string text)
    {
        if (spec.Length == 0) throw Bad(text, "it is empty");
        // A path always has a slash; "./mykernel" makes a bare file name one.
        if (spec.Contains('/') || spec.StartsWith('~'))
        {
            if (spec.EndsWith(DebugSuffix, StringComparison.Ordinal))
                throw Bad(text, $"'{DebugSuffix}' rebuilds a Debian kernel from Debian's source; a path names a kernel of your own");
            return new KernelSpec { Path = ExpandHome(spec), Text = text };
        }

        if (spec.EndsWith(DebugSuffix, StringComparison.Ordinal))
        {
            var stock = spec[..^DebugSuffix.Length];
            if (stock.Length == 0 || stock.EndsWith(':')) throw Bad(text, $"no distribution before '{DebugSuffix}' (e.g. bookworm{DebugSuffix})");
            if (stock.EndsWith(DebugSuffix, StringComparison.Ordinal)) throw Bad(text, $"'{DebugSuffix}' is written once");
            return Parse(stock, text) with { Debug = true };
        }

        var colon = spec.IndexOf(':');
        var distroName = colon < 0 ? spec : spec[..colon];
        var distro = DistroTable.Find(distroName)
            ?? throw Bad(text, $"'{distroName}' is not a known distribution (for a file in this directory write ./{spec})");
        if (colon < 0) return new KernelSpec { Distro = distro, Text = text };

        var rest = spec[(colon + 1)..];
        if (rest.Length == 0) throw Bad(text, "nothing follows the ':'");
        if (rest.Contains(':'))
            throw Bad(text, rest.Split(':').Contains("debug")
                ? $"'{DebugSuffix}' comes last ({distroName}:<abi>{DebugSuffix})"
                : $"only '{DebugSuffix}' may follow '{rest[..rest.IndexOf(':')]}'");
        // A flavor alone first: i386's 686-pae starts with a digit but is no ABI.
        if (IsKnownFlavor(rest)) return new KernelSpec { Distro = distro, Flavor = rest, Text = text };
        if (char.IsAsciiDigit(rest[0]))
        {
            if (!KernelAbi.TrySplit(rest, out var abi, out var flavor))
                throw Bad(text, $"'{rest}' is not an ABI like 6.1.0-56 or 6.12.57+deb13, optionally followed by -<flavor>");
            // Strict: whatever follows the version is an ABI number or a flavor some architecture has,
            // so a mistyped number (6.1.0-xx) is refused here, not read as a flavor and failed after a download.
            if (flavor is not null && !IsKnownFlavor(flavor))
                throw Bad(text, $"'{flavor}' after {abi} is neither an ABI number (6.1.0-56) nor a known flavor ({FlavorList})");
            return new KernelSpec { Distro = distro, Abi = abi, Flavor = flavor, Text = text };
        }
        if (!rest.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw Bad(text, $"'{rest}' is neither an ABI nor a flavor name");
        throw Bad(text, $"'{rest}' is neither an ABI nor a known flavor ({FlavorList})");
    }

    /// <summary>A flavor of some architecture of the table, by its full name (cloud-amd64) or its short one (cloud).</summary>
    private static bool IsKnownFlavor(string flavor) =>
        ArchTable.All.Any(a => a.KernelFlavors.Any(f => f == flavor || ShortFlavor(f, a) == flavor));

    private static string FlavorList => string.Join(", ",
        ArchTable.All.SelectMany(a => a.KernelFlavors.Select(f => ShortFlavor(f, a))).Distinct());

    /// <summary>
    /// Refuses a spec that cannot name a kernel of <paramref name="arch"/> (a flavor it lacks, a path
    /// that does not exist), before anything is downloaded or made.
    /// </summary>
    public void CheckFor(Arch arch)
    {
        if (Path is { } p)
        {
            if (!File.Exists(p) && !Directory.Exists(p))
                throw new KernelSpecException($"kernel spec '{Text}': no file or directory {p}");
            // Finding the image and its release reads only the user's folder: cheap, and it names what is missing.
            LocalKernel.Resolve(p, arch);
            return;
        }
        if (!Distro!.KernelArches.Contains(arch.DebianArch))
            throw new KernelSpecException($"kernel spec '{Text}': {Distro.Name} has no {arch.Name} kernels; " +
                $"{arch.Name} kernels come from {string.Join(", ", DistroTable.All.Where(d => d.KernelArches.Contains(arch.DebianArch)).Select(d => d.Name))}");
        ResolveFlavor(arch);
        if (Debug && !DebugTwinBuilder.Builds(arch))
            throw new KernelSpecException($"kernel spec '{Text}': a debug twin is built for {DebugTwinBuilder.ArchesText} only so far, not {arch.Name}");
    }

    /// <summary>
    /// The Debian flavor this spec means on an architecture: the default when none was given,
    /// else an exact flavor (cloud-amd64) or its short name (cloud).
    /// </summary>
    public string ResolveFlavor(Arch arch)
    {
        if (Flavor is null) return arch.DefaultFlavor;
        var match = arch.KernelFlavors.FirstOrDefault(f => f == Flavor)
            ?? arch.KernelFlavors.FirstOrDefault(f => f == $"{Flavor}-{arch.DebianArch}");
        return match ?? throw new KernelSpecException(
            $"kernel spec '{Text}': flavor '{Flavor}' is not one of {arch.Name}'s flavors: " +
            string.Join(", ", arch.KernelFlavors.Select(f => ShortFlavor(f, arch) is { } s && s != f ? $"{s} ({f})" : f)));
    }

    private static string ShortFlavor(string flavor, Arch arch) =>
        flavor.EndsWith($"-{arch.DebianArch}", StringComparison.Ordinal) ? flavor[..^(arch.DebianArch.Length + 1)] : flavor;

    private static string ExpandHome(string p) =>
        p == "~" || p.StartsWith("~/")
            ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), p.Length > 1 ? p[2..] : "")
            : p;

    private static KernelSpecException Bad(string text, string why) =>
        new($"bad kernel spec '{text}': {why}; {Accepted}");
}

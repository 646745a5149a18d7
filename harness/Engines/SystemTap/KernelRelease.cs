using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// A kernel release string (uname -r) split into what patch conditions compare:
/// "6.1.0-56-amd64" is version 6.1.0, Debian ABI 56, flavor amd64. Debian's version
/// number (6.1.0) hides the stable release, so backports are recognised by ABI.
/// </summary>
public sealed partial record KernelRelease(string Text, Version Version, int? DebianAbi, string? Flavor)
{
    [GeneratedRegex(@"^(?<ver>\d+\.\d+(?:\.\d+)?)(?:-(?<abi>\d+)(?:-(?<flavor>[A-Za-z0-9_.+-]+))?)?")]
    private static partial Regex Pattern();

    public static KernelRelease Parse(string release)
    {
        var m = Pattern().Match(release.Trim());
        if (!m.Success) throw new FormatException($"not a kernel release: '{release}'");
        int? abi = m.Groups["abi"].Success ? int.Parse(m.Groups["abi"].Value) : null;
        string? flavor = m.Groups["flavor"].Success ? m.Groups["flavor"].Value : null;
        return new KernelRelease(release.Trim(), Version.Parse(m.Groups["ver"].Value), abi, flavor);
    }

    /// <summary>"6.1" for 6.1.0-56-amd64.</summary>
    public string Series => $"{Version.Major}.{Version.Minor}";

    public override string ToString() => Text;
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Comparing;

/// <summary>
/// A kernel release without its ABI: "6.1.0-57-amd64" and "6.1.0-53-amd64" are both the line
/// "6.1 amd64", so a nightly on a new ABI is compared test by test with the last good ABI, while
/// 6.12 (trixie) and the cloud flavour stay lines of their own.
/// </summary>
public static partial class KernelLine
{
    [GeneratedRegex(@"^(?<series>\d+\.\d+)\.\d+(?:-\d+)?(?:\+[^-]*)?(?:-(?<flavour>.+))?$")]
    private static partial Regex Release();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    public static string Of(string release)
    {
        var m = Release().Match(release);
        if (!m.Success) return release;
        return m.Groups["flavour"].Success ? $"{m.Groups["series"].Value} {m.Groups["flavour"].Value}" : m.Groups["series"].Value;
    }

    /// <summary>The release's version numbers in order, for spans: "6.1.0-53-amd64" → 6, 1, 0, 53.</summary>
    public static IReadOnlyList<long> Version(string release)
    {
        var head = release.Split('+')[0];
        // Stop at the flavour: the numbers of "6.1.0-53-cloud-amd64" are 6.1.0-53, not amd64's 64.
        var m = Regex.Match(head, @"^[\d.]+(?:-\d+)?");
        return Numbers().Matches(m.Success ? m.Value : head).Select(n => long.Parse(n.Value)).ToList();
    }
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Kernels;

/// <summary>
/// Reads `apt-get update`'s complaints. Some mirrors serve an index of one architecture that does
/// not match its Release file for a while (bookworm-security's ppc64el Packages did, for days:
/// "File has unexpected size … Mirror sync in progress?"); apt then exits 100 although every other
/// index arrived. Such a partial update is usable: the packages of the failed suite are simply not
/// offered. A failure of anything else (no network, a bad signature) is not.
/// </summary>
public static partial class AptUpdateFailures
{
    [GeneratedRegex(@"^E: Failed to fetch (?<url>\S+)\s+(?<why>.*)$", RegexOptions.Multiline)]
    private static partial Regex FailedFetch();

    /// <summary>The index URLs apt could not fetch, with apt's reason.</summary>
    public static IReadOnlyList<(string Url, string Reason)> Parse(string stderr) =>
        FailedFetch().Matches(stderr).Select(m => (m.Groups["url"].Value, m.Groups["why"].Value.Trim())).ToList();

    /// <summary>
    /// True when apt's errors are only index files it could not fetch (never a Release file or its
    /// signature), so the lists it kept describe the suites that did arrive.
    /// </summary>
    public static bool OnlyIndexFiles(string stderr)
    {
        var errors = stderr.Split('\n').Where(l => l.StartsWith("E: ", StringComparison.Ordinal)).ToList();
        var fetches = Parse(stderr);
        if (fetches.Count == 0) return false;
        if (fetches.Any(f => !IsIndex(f.Url))) return false;
        return errors.All(e => e.StartsWith("E: Failed to fetch ", StringComparison.Ordinal)
            || e.StartsWith("E: Some index files failed to download", StringComparison.Ordinal));
    }

    private static bool IsIndex(string url)
    {
        var name = url[(url.LastIndexOf('/') + 1)..];
        return name.StartsWith("Packages", StringComparison.Ordinal) || name.StartsWith("Sources", StringComparison.Ordinal)
            || name.StartsWith("Translation-", StringComparison.Ordinal) || name.StartsWith("Contents-", StringComparison.Ordinal);
    }
}

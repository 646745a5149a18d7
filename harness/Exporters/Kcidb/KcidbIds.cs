using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ProbeHarness.Exporters.Kcidb;

/// <summary>
/// Object ids and test paths as KCIDB wants them: "origin:" then anything unique within the
/// origin; paths are dot-separated segments of letters, digits, '_' and '-'.
/// </summary>
public static partial class KcidbIds
{
    public const string Origin = "probe_harness";

    /// <summary>An id from parts; control characters and line breaks (which KCIDB's pattern refuses after the colon) become '_'.</summary>
    public static string Id(params string[] parts) => $"{Origin}:{OneLineChars().Replace(string.Join(':', parts), "_")}";

    [GeneratedRegex("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]")]
    private static partial Regex OneLineChars();

    /// <summary>A crash title's issue id: the same title gets the same issue in every run, so KCIDB can count its incidents.</summary>
    public static string Issue(string crashTitle) =>
        Id("crash", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(crashTitle)))[..16].ToLowerInvariant());

    [GeneratedRegex("[^a-zA-Z0-9_-]+")]
    private static partial Regex NotPathChars();

    /// <summary>One path segment: runs of other characters become '_' ("stap-4.8/x" becomes "stap-4_8_x").</summary>
    public static string Segment(string s)
    {
        var seg = NotPathChars().Replace(s, "_").Trim('_');
        return seg.Length == 0 ? "_" : seg;
    }

    [GeneratedRegex("[^a-z0-9_]+")]
    private static partial Regex NotArchChars();

    /// <summary>KCIDB names architectures in lowercase letters, digits and '_' (the harness's own names already are).</summary>
    public static string Architecture(string arch) => NotArchChars().Replace(arch.ToLowerInvariant(), "_");

    public static string Path(params string[] segments) => string.Join('.', segments.Select(Segment));
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Kernels;

/// <summary>
/// Debian kernel ABIs ("6.1.0-56", "6.12.57+deb13") and the release names built from them
/// ("6.1.0-56-cloud-amd64"). An ABI is what a package name carries before the flavor.
/// </summary>
public static partial class KernelAbi
{
    // Bookworm: 6.1.0-56; trixie: 6.12.57+deb13; backports: 6.12.12+bpo. The "-N" part must be
    // followed by "-" or the end, so "6.1.0-56-686-pae" keeps 686-pae as its flavor.
    [GeneratedRegex(@"^(?<abi>\d+\.\d+(?:\.\d+)?(?:-\d+(?=-|$))?(?:\+[0-9a-z.~]+)?)(?:-(?<flavor>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?))?$")]
    private static partial Regex ReleasePattern();

    /// <summary>Splits "6.1.0-56-cloud-amd64" into ("6.1.0-56", "cloud-amd64"); flavor is null when absent.</summary>
    public static bool TrySplit(string release, out string abi, out string? flavor)
    {
        var m = ReleasePattern().Match(release);
        abi = m.Success ? m.Groups["abi"].Value : "";
        flavor = m.Success && m.Groups["flavor"].Success ? m.Groups["flavor"].Value : null;
        return m.Success;
    }

    /// <summary>True when an ABI belongs to an upstream series: 6.1.0-56 to 6.1, but 6.12.57+deb13 not to 6.1.</summary>
    public static bool InSeries(string abi, string series) => abi.StartsWith(series + ".", StringComparison.Ordinal);

    public static bool IsAbi(string text) => TrySplit(text, out _, out var flavor) && flavor is null;

    /// <summary>
    /// Orders ABIs the way humans read them: digit runs compare as numbers, so 6.1.0-9 &lt; 6.1.0-56.
    /// Ties (leading zeros) fall back to ordinal order, which keeps the order total.
    /// </summary>
    public static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    public static int Compare(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            bool da = char.IsAsciiDigit(a[i]), db = char.IsAsciiDigit(b[j]);
            if (da && db)
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                var c = CompareDigits(a.AsSpan(si, i - si), b.AsSpan(sj, j - sj));
                if (c != 0) return c;
            }
            else
            {
                // A digit sorts after any separator, so 6.1.0-56 > 6.1.0 and 6.1.10 > 6.1.
                if (a[i] != b[j]) return da ? 1 : db ? -1 : a[i].CompareTo(b[j]);
                i++; j++;
            }
        }
        var rest = (a.Length - i).CompareTo(b.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(a, b);
    }

    // Numbers of any length, without overflow: strip leading zeros, longer is bigger, then by digit.
    private static int CompareDigits(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        x = x.TrimStart('0');
        y = y.TrimStart('0');
        if (x.Length != y.Length) return x.Length.CompareTo(y.Length);
        return x.SequenceCompareTo(y);
    }
}

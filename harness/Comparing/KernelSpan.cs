namespace ProbeHarness.Comparing;

/// <summary>
/// "6.1.0-53" or "6.1.0-50..6.1.0-53": the kernels of the history a side of a comparison is taken
/// from. A bound matches every release it is a prefix of in version numbers, so "6.1.0-53" holds
/// 6.1.0-53-amd64 and 6.1.0-53-cloud-amd64, and "6.1" holds every 6.1 ABI.
/// </summary>
public sealed record KernelSpan(IReadOnlyList<long> From, IReadOnlyList<long> To, string Text)
{
    public static KernelSpan Parse(string text)
    {
        var parts = text.Split("..", 2);
        var from = KernelLine.Version(parts[0]);
        var to = KernelLine.Version(parts.Length > 1 ? parts[1] : parts[0]);
        if (from.Count == 0 || to.Count == 0)
            throw new FormatException($"kernel span '{text}': give a release or two joined by '..', e.g. 6.1.0-53 or 6.1.0-50..6.1.0-53");
        return new KernelSpan(from, to, text);
    }

    public bool Contains(string release)
    {
        var v = KernelLine.Version(release);
        return v.Count > 0 && Compare(v, From) >= 0 && Compare(v, To) <= 0;
    }

    /// <summary>Compares on the bound's length only: a release starting with the bound's numbers equals it.</summary>
    private static int Compare(IReadOnlyList<long> v, IReadOnlyList<long> bound)
    {
        for (var i = 0; i < bound.Count; i++)
        {
            if (i >= v.Count) return -1;
            if (v[i] != bound[i]) return v[i].CompareTo(bound[i]);
        }
        return 0;
    }

    public override string ToString() => Text;
}

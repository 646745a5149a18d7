namespace ProbeHarness.Kernels;

/// <summary>
/// The kernel's taint flags (/proc/sys/kernel/tainted), as data: which ones mean a guest is no
/// longer fit to run the next test in. Loading a probe module always taints (out-of-tree,
/// unsigned), which says nothing about the kernel's state; a warning, an oops, a lockup, a bad
/// page or a machine check does.
/// </summary>
public static class Taint
{
    /// <summary>Bit, letter (as an oops prints it) and meaning of the flags that matter.</summary>
    public static readonly IReadOnlyList<(int Bit, char Letter, string Meaning)> Matters =
    [
        (4, 'M', "machine check"),
        (5, 'B', "bad page"),
        (7, 'D', "kernel died (oops or BUG)"),
        (9, 'W', "kernel warning"),
        (14, 'L', "soft lockup"),
    ];

    /// <summary>The mattering flags set in <paramref name="now"/> but not in <paramref name="before"/>, described; null when none.</summary>
    public static string? NewTrouble(ulong before, ulong now)
    {
        var fresh = Matters.Where(f => (now & (1UL << f.Bit)) != 0 && (before & (1UL << f.Bit)) == 0).ToList();
        return fresh.Count == 0 ? null : string.Join(", ", fresh.Select(f => $"{f.Letter} ({f.Meaning})"));
    }

    /// <summary>The value /proc/sys/kernel/tainted printed; null when it is not a number.</summary>
    public static ulong? Parse(string text) => ulong.TryParse(text.Trim(), out var v) ? v : null;
}

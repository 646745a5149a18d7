using FsCheck;
using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class KernelAbiTests
{
    [TestCase("6.1.0-9", "6.1.0-56")]
    [TestCase("6.1.0-47", "6.1.0-56")]
    [TestCase("6.12.9+deb13", "6.12.57+deb13")]
    [TestCase("6.1.0-56", "6.12.38+deb13")]
    [TestCase("6.1", "6.1.0")]
    [TestCase("6.1.0-99999999999999999999", "6.1.0-100000000000000000000")]
    public void Orders_numeric_parts_as_numbers(string lower, string higher)
    {
        Assert.That(KernelAbi.Compare(lower, higher), Is.Negative);
        Assert.That(KernelAbi.Compare(higher, lower), Is.Positive);
    }

    [Test]
    public void Sorting_puts_the_newest_last()
    {
        var sorted = new[] { "6.1.0-56", "6.1.0-9", "6.1.0-47", "6.1.0-10" }.Order(KernelAbi.Comparer);
        Assert.That(sorted, Is.EqualTo(new[] { "6.1.0-9", "6.1.0-10", "6.1.0-47", "6.1.0-56" }));
    }

    [TestCase("6.1.0-56-amd64", "6.1.0-56", "amd64")]
    [TestCase("6.1.0-56-cloud-amd64", "6.1.0-56", "cloud-amd64")]
    [TestCase("6.1.0-56-686-pae", "6.1.0-56", "686-pae")]
    [TestCase("6.12.57+deb13-686-pae", "6.12.57+deb13", "686-pae")]
    [TestCase("6.12.57+deb13-rt-arm64", "6.12.57+deb13", "rt-arm64")]
    [TestCase("6.12.12+bpo-amd64", "6.12.12+bpo", "amd64")]
    [TestCase("6.1.0-56", "6.1.0-56", null)]
    [TestCase("6.12.57+deb13", "6.12.57+deb13", null)]
    public void Splits_a_release_into_abi_and_flavor(string release, string abi, string? flavor)
    {
        Assert.That(KernelAbi.TrySplit(release, out var a, out var f), Is.True);
        Assert.That((a, f), Is.EqualTo((abi, flavor)));
    }

    [TestCase("amd64")]
    [TestCase("6")]
    [TestCase("6.1.0-56-")]
    [TestCase("6.1.0-56-AMD64")]
    [TestCase("")]
    public void Rejects_what_is_no_release(string text) =>
        Assert.That(KernelAbi.TrySplit(text, out _, out _), Is.False);

    [TestCase("6.1.0-56", "6.1", true)]
    [TestCase("6.12.57+deb13", "6.1", false)]
    [TestCase("6.12.57+deb13", "6.12", true)]
    public void Knows_the_series_of_an_abi(string abi, string series, bool expected) =>
        Assert.That(KernelAbi.InSeries(abi, series), Is.EqualTo(expected));

    [FsCheck.NUnit.Property]
    public bool Debian_abis_order_like_their_number_tuples(NonNegativeInt a, NonNegativeInt b, NonNegativeInt c,
        NonNegativeInt x, NonNegativeInt y, NonNegativeInt z)
    {
        var left = $"{a.Get}.{b.Get}.0-{c.Get}";
        var right = $"{x.Get}.{y.Get}.0-{z.Get}";
        var expected = (a.Get, b.Get, c.Get).CompareTo((x.Get, y.Get, z.Get));
        return Math.Sign(KernelAbi.Compare(left, right)) == Math.Sign(expected);
    }

    [FsCheck.NUnit.Property]
    public bool Is_antisymmetric_and_zero_only_for_equal_strings(NonNull<string> a, NonNull<string> b)
    {
        var ab = KernelAbi.Compare(a.Get, b.Get);
        var ba = KernelAbi.Compare(b.Get, a.Get);
        return Math.Sign(ab) == -Math.Sign(ba) && (ab == 0) == (a.Get == b.Get);
    }

    [FsCheck.NUnit.Property]
    public bool Is_transitive(NonNull<string> a, NonNull<string> b, NonNull<string> c)
    {
        // Sorting three values and checking each adjacent pair and the ends covers transitivity.
        var s = new[] { a.Get, b.Get, c.Get }.Order(KernelAbi.Comparer).ToArray();
        return KernelAbi.Compare(s[0], s[1]) <= 0 && KernelAbi.Compare(s[1], s[2]) <= 0
            && KernelAbi.Compare(s[0], s[2]) <= 0;
    }

    [FsCheck.NUnit.Property]
    public bool Is_transitive_on_version_like_strings(NonNegativeInt[] parts)
    {
        // Random strings rarely share digit runs; these do, with separators and leading zeros.
        var texts = Enumerable.Range(0, 3).Select(i => string.Join(i == 1 ? "." : "-",
            parts.Skip(i).Take(4).Select(p => (p.Get % 3 == 0 ? "0" : "") + (p.Get % 40)))).ToArray();
        var s = texts.Order(KernelAbi.Comparer).ToArray();
        return KernelAbi.Compare(s[0], s[1]) <= 0 && KernelAbi.Compare(s[1], s[2]) <= 0
            && KernelAbi.Compare(s[0], s[2]) <= 0;
    }
}

using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class TaintTests
{
    [TestCase(0UL, 1UL << 12 | 1UL << 13, null)] // out-of-tree, unsigned: every probe module does that
    [TestCase(0UL, 1UL << 9 | 1UL << 12, "W (kernel warning)")]
    [TestCase(1UL << 9, 1UL << 9, null)] // already there before the test
    [TestCase(0UL, 1UL << 7 | 1UL << 14, "D (kernel died (oops or BUG)), L (soft lockup)")]
    public void Only_new_flags_that_matter_count(ulong before, ulong now, string? expected) =>
        Assert.That(Taint.NewTrouble(before, now), Is.EqualTo(expected));

    [TestCase("12288\n", 12288UL)]
    [TestCase("sh: cat: not found", null)]
    public void Parses_what_proc_printed(string text, ulong? expected) => Assert.That(Taint.Parse(text), Is.EqualTo(expected));
}

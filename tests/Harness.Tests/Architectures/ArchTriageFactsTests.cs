using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.ArchitectureTable;

/// <summary>Every row of the architecture table has what triage needs, so a new architecture is one row.</summary>
public class ArchTriageFactsTests
{
    private static IEnumerable<Arch> Rows => ArchTable.All;

    [TestCaseSource(nameof(Rows))]
    public void Every_row_has_its_oops_facts(Arch a)
    {
        Assert.That(a.Oops.PcLine.GetGroupNumbers().Select(a.Oops.PcLine.GroupNameFromNumber), Does.Contain("sym"));
        if (a.Oops.LinkLine is { } link)
            Assert.That(link.GetGroupNumbers().Select(link.GroupNameFromNumber), Does.Contain("sym"));
    }

    [TestCaseSource(nameof(Rows))]
    public void Every_row_recognises_a_bad_kernel_access_of_its_own(Arch a)
    {
        // Each family's fault handler words it differently; every row must have a header for it.
        var own = CrashPatterns.All.Where(p => p.KernelArches is not null && p.AppliesTo(a)).Select(p => p.Name).ToList();
        Assert.That(own.Any(n => n.Contains("page-fault") || n.Contains("null-deref")), $"{a}: {string.Join(", ", own)}");
    }

    [Test]
    public void Family_keyed_headers_name_families_the_table_has()
    {
        var families = Rows.Select(a => a.KernelArch).ToHashSet();
        foreach (var p in CrashPatterns.All.Where(p => p.KernelArches is not null))
            Assert.That(families, Is.SupersetOf(p.KernelArches!), p.Name);
    }

    [TestCaseSource(nameof(Rows))]
    public void The_pc_line_of_each_row_names_the_faulting_function(Arch a)
    {
        var line = a.Name switch
        {
            "x86_64" => "RIP: 0010:victim_fn+0x5/0x20 [crashmod]",
            "i386" => "EIP: victim_fn+0x5/0x20 [crashmod]",
            "arm64" => "pc : victim_fn+0x5/0x20 [crashmod]",
            "ppc64le" => "NIP [c008000000a1015c] victim_fn+0x5/0x20 [crashmod]",
            "s390x" => "Krnl PSW : 0704c00180000000 000003ff7fd0c236 (victim_fn+0x5/0x20 [crashmod])",
            "riscv64" => "epc : victim_fn+0x5/0x20 [crashmod]",
            _ => throw new AssertionException($"{a}: add its PC line here"),
        };
        var f = new FrameParser(a, null).Parse(line);
        Assert.That((f?.Function, f?.IsPc), Is.EqualTo(("victim_fn", (bool?)true)));
    }
}

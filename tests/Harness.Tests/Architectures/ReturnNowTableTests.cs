using NUnit.Framework;
using ProbeHarness.Architectures;

namespace ProbeHarness.Tests.ArchitectureTable;

/// <summary>Every architecture has a way to return now, and the module's header says it for that architecture only.</summary>
public class ReturnNowTableTests
{
    [Test]
    public void Every_arch_row_has_exactly_one_recipe_and_no_recipe_lacks_a_row()
    {
        Assert.That(ReturnNowTable.All.Select(r => r.Arch), Is.EquivalentTo(ArchTable.All.Select(a => a.Name)));
        Assert.That(ReturnNowTable.All.Select(r => r.Arch), Is.Unique);
    }

    [TestCaseSource(typeof(ArchTable), nameof(ArchTable.All))]
    public void The_header_sets_that_rows_return_register_and_moves_the_pc(Arch arch)
    {
        var header = ReturnNowTable.Get(arch).Header(arch);
        Assert.That(header, Does.Contain($"(regs)->{arch.ReturnRegister} = (unsigned long)(v);"));
        Assert.That(header, Does.Contain("#define PHINJECT_RETURN_NOW(regs, v) do {"));
        Assert.That(header, Does.Contain($"#define PHINJECT_RECIPE \"{arch.Name}: "));
        // The instruction pointer goes somewhere: the caller's return address or the ret stub.
        Assert.That(header, Does.Match(@"(->ip = \(unsigned long\)phinject_ret_stub|->pc = \(regs\)->regs\[30\]|regs_set_return_ip\(\(regs\), \(regs\)->link\)|psw\.addr = \(regs\)->gprs\[14\]|->epc = \(regs\)->ra)"));
    }

    [Test]
    public void An_arch_without_a_recipe_is_an_error_naming_the_table()
    {
        var mips = ArchTable.Get("x86_64") with { Name = "mips" };
        Assert.That(() => ReturnNowTable.Get(mips), Throws.ArgumentException.With.Message.Contains("ReturnNowTable.cs").And.Message.Contains("mips"));
    }
}

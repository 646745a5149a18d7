using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class SymbolTableTests
{
    private const string Map = """
        ffffffff81000000 T _text
        ffffffff81000000 T startup_64
        ffffffff81001000 T do_one_initcall
        ffffffff81001200 t helper.isra.0
        ffffffff81002000 D some_data
        ffffffff81003000 T _etext
        ffffffffc0a01000 t crashmod_null	[crashmod]
        ffffffffc0a01020 t crashmod_init	[crashmod]
        """;

    private static SymbolTable Table() => SymbolTable.Parse(new StringReader(Map));

    [Test]
    public void LooksUpOffsetsAndSizes() =>
        Assert.That(Table().Lookup(0xffffffff81001010), Is.EqualTo("do_one_initcall+0x10/0x200"));

    [Test]
    public void KallsymsModuleTagsAreKept() =>
        Assert.That(Table().Lookup(0xffffffffc0a01005), Is.EqualTo("crashmod_null+0x5/0x20 [crashmod]"));

    [Test]
    public void DataSymbolsDoNotNameCode() =>
        Assert.That(Table().Lookup(0xffffffff81002010), Is.EqualTo("helper.isra.0+0xe10/0x1e00"));

    [Test]
    public void AddressesOutsideAnySymbolResolveToNothing()
    {
        Assert.That(Table().Lookup(0x47fbe9), Is.Null);
        Assert.That(Table().Lookup(0xffffffffc0b00000), Is.Null);
    }

    [Test]
    public void RawAddressFramesAreNamedWhenAMapIsGiven()
    {
        var log = """
            BUG: kernel NULL pointer dereference, address: 0000000000000000
            Oops: 0002 [#1] PREEMPT SMP NOPTI
            RIP: 0010:0xffffffffc0a01005
            Call Trace:
             <TASK>
             0xffffffffc0a01030
             </TASK>
            ---[ end trace 0000000000000000 ]---
            """;
        Assert.That(ConsoleTriage.Parse(log, "x86_64", Table())[0].Title, Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in crashmod_null"));
        Assert.That(ConsoleTriage.Parse(log, "x86_64")[0].Corrupted, Is.True, "without a map there is no frame");
    }
}

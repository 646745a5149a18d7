using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class ExampleMetaTests
{
    [Test]
    public void Reads_test_lines_and_joins_wrapped_values()
    {
        var root = TestTree.Scratch("meta");
        Directory.CreateDirectory(Path.Combine(root, "network"));
        var f = Path.Combine(root, "network", "nfsdtop.meta");
        File.WriteAllText(f, "title: t\nname: nfsdtop.stp\ndescription: gathers NFS lookups,\nreads, writes.\n" +
            "test_support: stap -l 'kernel.function(\"nfsd_open\")'\ntest_check: stap -p4 nfsdtop.stp\ntest_installcheck: stap nfsdtop.stp -T 1\n");
        var m = ExampleMeta.Parse(f, root);
        Assert.Multiple(() =>
        {
            Assert.That(m.TestName, Is.EqualTo("systemtap.examples/network/nfsdtop"));
            Assert.That(m.Fields["description"], Is.EqualTo("gathers NFS lookups, reads, writes."));
            Assert.That(m.Support, Is.EqualTo("stap -l 'kernel.function(\"nfsd_open\")'"));
            Assert.That(m.Check, Is.EqualTo("stap -p4 nfsdtop.stp"));
            Assert.That(m.InstallCheck, Is.EqualTo("stap nfsdtop.stp -T 1"));
        });
    }

    [Test]
    public void A_key_given_twice_names_file_and_line()
    {
        var root = TestTree.Scratch("meta2");
        var f = Path.Combine(root, "x.meta");
        File.WriteAllText(f, "name: x.stp\n\ntest_check: a\ntest_check: b\n");
        Assert.That(() => ExampleMeta.Parse(f, root), Throws.TypeOf<FormatException>().With.Message.StartsWith($"{f}:4:"));
    }

    [Test]
    public void Two_metas_of_one_script_keep_distinct_names()
    {
        var root = TestTree.Scratch("meta3");
        Directory.CreateDirectory(Path.Combine(root, "general"));
        var names = new[] { "py2example", "py3example" }.Select(n =>
        {
            var f = Path.Combine(root, "general", n + ".meta");
            File.WriteAllText(f, $"name: pyexample.stp\ntest_check: stap -p4 pyexample.stp {n}\n");
            return ExampleMeta.Parse(f, root).TestName;
        }).ToList();
        Assert.That(names, Is.EqualTo(new[] { "systemtap.examples/general/py2example", "systemtap.examples/general/py3example" }));
    }
}

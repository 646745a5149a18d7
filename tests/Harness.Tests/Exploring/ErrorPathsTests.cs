using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Exploring;

namespace ProbeHarness.Tests.Exploring;

public class ErrorPathsTests
{
    [Test]
    public void The_shipped_data_names_the_fault_injection_syscalls_and_only_legal_injections()
    {
        var data = ErrorPaths.Load();
        Assert.That(data.Syscalls.Keys, Is.EquivalentTo(new[] { "open", "mkdir", "write", "fsync", "socket", "fork", "pipe" }));
        Assert.That(data.Syscalls.Values, Has.All.StartWith("phfault "));
        Assert.That(data.Functions.Where(f => !f.Legal).Select(f => f.Name), Is.Empty);
        Assert.That(data.Functions.Single(f => f.Name == "kmem_cache_alloc").Returns, Is.EqualTo(0), "allocators fail with NULL");
        Assert.That(data.Functions.Single(f => f.Name == "security_file_open").Returns, Is.EqualTo(-13));
    }

    [Test]
    public void An_injected_value_the_function_cannot_return_is_not_legal()
    {
        var data = ErrorPaths.Parse("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: f\n    returns: -EIO\n    may-return: [-EACCES]\n", "d.yaml");
        Assert.That(data.Functions[0].Legal, Is.False);
        Assert.That(data.SlabLeakKb, Is.EqualTo(512));
    }

    [TestCase("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: f\n    returns: -EWHAT\n    may-return: [-EIO]\n", "d.yaml:5:", "'-EWHAT' is neither")]
    [TestCase("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: f\n    returns: -EIO\n", "d.yaml:4:", "f: no 'may-return:'")]
    [TestCase("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: f\n    returns: -EIO\n    may-return: -EIO\n    color: red\n", "d.yaml:7:", "unknown function key 'color'")]
    [TestCase("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: 9f\n    returns: -EIO\n    may-return: -EIO\n", "d.yaml:4:", "'9f' is not a kernel function name")]
    [TestCase("syscalls: [open]\nfunctions: []\n", "d.yaml:1:", "'syscalls' must map")]
    [TestCase("syscalls:\n  open: phfault open /x\nfunctions:\n  - function: f\n    returns: -EIO\n    may-return: -EIO\n  - function: f\n    returns: -EIO\n    may-return: -EIO\n", "d.yaml:7:", "'f' is listed twice")]
    public void A_mistake_names_the_file_and_line(string yaml, string where, string words)
    {
        var e = Assert.Throws<DataFileException>(() => ErrorPaths.Parse(yaml, "d.yaml"));
        Assert.That(e!.Message, Does.StartWith(where).And.Contain(words));
    }

    [Test]
    public void Only_keeps_the_named_syscalls_and_functions_and_refuses_unknown_ones()
    {
        var data = ErrorPaths.Load().Only(["mkdir", "open"], ["kmem_cache_alloc"]);
        Assert.That(data.Syscalls.Keys, Is.EqualTo(new[] { "mkdir", "open" }));
        Assert.That(data.Functions.Select(f => f.Name), Is.EqualTo(new[] { "kmem_cache_alloc" }));
        Assert.That(() => ErrorPaths.Load().Only(["chmod"], null), Throws.ArgumentException.With.Message.Contain("'chmod' is not in the data"));
    }
}

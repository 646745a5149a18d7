using NUnit.Framework;
using ProbeHarness.GuestModules;

namespace ProbeHarness.Tests.GuestModules;

public class ModuleSourceTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateDirectory(Path.Combine(Directory.CreateTempSubdirectory("ph-modsrc-").FullName, "demo_mod")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(_dir)!, true);

    [Test]
    public void A_name_that_is_not_a_module_name_is_refused()
    {
        var bad = Directory.CreateDirectory(Path.Combine(_dir, "bad name")).FullName;
        File.WriteAllText(Path.Combine(bad, "Kbuild"), "obj-m := m.o\n");
        File.WriteAllText(Path.Combine(bad, "m.c"), "");
        Assert.That(() => ModuleSource.Load(bad), Throws.TypeOf<InvalidDataException>().With.Message.Contains("'bad name'"));
    }

    [TestCase("crashmod")]
    [TestCase("phstress")]
    public void The_harness_modules_are_module_folders(string name)
    {
        var s = ModuleSource.Get(name);
        Assert.That(s.Name, Is.EqualTo(name));
        Assert.That(s.Files, Does.Contain("Kbuild").And.Contain($"{name}.c"));
    }

    [Test]
    public void A_folder_without_kbuild_or_makefile_is_an_error_naming_it()
    {
        File.WriteAllText(Path.Combine(_dir, "m.c"), "");
        var e = Assert.Throws<InvalidDataException>(() => ModuleSource.Load(_dir));
        Assert.That(e!.Message, Does.Contain(_dir).And.Contain("Kbuild"));
    }

    [Test]
    public void A_folder_without_c_source_is_an_error()
    {
        File.WriteAllText(Path.Combine(_dir, "Makefile"), "obj-m := m.o\n");
        Assert.That(() => ModuleSource.Load(_dir), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no .c"));
    }

    [Test]
    public void The_content_hash_follows_names_and_contents()
    {
        File.WriteAllText(Path.Combine(_dir, "Kbuild"), "obj-m := m.o\n");
        File.WriteAllText(Path.Combine(_dir, "m.c"), "a");
        var h1 = ModuleSource.Load(_dir).ContentHash();
        Assert.That(ModuleSource.Load(_dir).ContentHash(), Is.EqualTo(h1));
        File.WriteAllText(Path.Combine(_dir, "m.c"), "b");
        var h2 = ModuleSource.Load(_dir).ContentHash();
        Assert.That(h2, Is.Not.EqualTo(h1));
        File.Move(Path.Combine(_dir, "m.c"), Path.Combine(_dir, "n.c"));
        Assert.That(ModuleSource.Load(_dir).ContentHash(), Is.Not.EqualTo(h2));
    }
}

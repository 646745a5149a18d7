using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Tests.Toolchains;

public class ToolchainRecipeTests
{
    [Test]
    public void The_trixie_recipe_debootstraps_trixie_with_SystemTap_and_a_compiler()
    {
        var r = ToolchainRecipe.Get("trixie-stap");
        Assert.That(r.Suite, Is.EqualTo("trixie"));
        Assert.That(r.Variant, Is.EqualTo("minbase"));
        Assert.That(r.Mirror, Is.EqualTo("http://deb.debian.org/debian"));
        Assert.That(r.Packages, Is.SupersetOf(new[] { "systemtap", "gcc", "make", "libc6-dev" }));
        Assert.That(r.ImageTag, Does.Match("^probe-harness/trixie-stap:[0-9a-f]{16}$"));
    }

    [Test]
    public void The_tag_is_what_setup_docker_computes_with_sha256sum()
    {
        // setup-docker: cat recipe.env packages.list | sha256sum | cut -c1-16
        var dir = Path.Combine(ProbeHarness.Resources.Dir("vmimages"), "toolchains", "trixie-stap");
        var bytes = File.ReadAllBytes(Path.Combine(dir, "recipe.env")).Concat(File.ReadAllBytes(Path.Combine(dir, "packages.list"))).ToArray();
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        Assert.That(ToolchainRecipe.Get("trixie-stap").Hash, Is.EqualTo(expected));
    }

    [Test]
    public void Editing_the_package_list_changes_the_tag()
    {
        var env = Encoding.UTF8.GetBytes("NAME=x\n");
        Assert.That(ToolchainRecipe.HashOf(env, Encoding.UTF8.GetBytes("gcc\n")),
            Is.Not.EqualTo(ToolchainRecipe.HashOf(env, Encoding.UTF8.GetBytes("gcc\nmake\n"))));
    }

    [Test]
    public void Bad_lines_name_the_file_and_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => ToolchainRecipe.ParsePackages("# c\ngcc\nNot A Package\n", "p.list"));
        Assert.That(e!.Message, Does.StartWith("p.list:3:"));
        e = Assert.Throws<InvalidDataException>(() => ToolchainRecipe.ParseEnv("NAME=a\n\nSUITE\n", "r.env"));
        Assert.That(e!.Message, Does.StartWith("r.env:3:"));
        e = Assert.Throws<InvalidDataException>(() => ToolchainRecipe.ParseEnv("NAME=a\nNAME=b\n", "r.env"));
        Assert.That(e!.Message, Does.StartWith("r.env:2:"));
    }

    [Test]
    public void A_recipe_without_a_suite_is_refused_with_its_path()
    {
        var dir = Directory.CreateTempSubdirectory("recipe").FullName;
        var named = Directory.CreateDirectory(Path.Combine(dir, "x")).FullName;
        try
        {
            File.WriteAllText(Path.Combine(named, "recipe.env"), "NAME=x\nMIRROR=m\nVARIANT=minbase\n");
            File.WriteAllText(Path.Combine(named, "packages.list"), "gcc\n");
            var e = Assert.Throws<InvalidDataException>(() => ToolchainRecipe.Load(named));
            Assert.That(e!.Message, Does.Contain("recipe.env").And.Contain("SUITE"));
        }
        finally { Directory.Delete(dir, true); }
    }
}

using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class KernelProviderModulesDirTests
{
    [TestCase("lib/modules", Description = "bookworm's packages")]
    [TestCase("usr/lib/modules", Description = "trixie's packages, /usr merged")]
    public void The_modules_tree_is_found_where_the_package_put_it(string where)
    {
        var root = Directory.CreateTempSubdirectory("image-");
        try
        {
            var dir = Path.Combine(root.FullName, where, "6.12.117+deb13-riscv64");
            Directory.CreateDirectory(dir);
            Assert.That(KernelProvider.ModulesDirOf(root.FullName, "6.12.117+deb13-riscv64"), Is.EqualTo(dir));
        }
        finally
        {
            root.Delete(true);
        }
    }
}

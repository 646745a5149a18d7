using NUnit.Framework;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class HeadersTreeTests
{
    private DirectoryInfo _work = null!;

    [SetUp] public void SetUp() => _work = Directory.CreateTempSubdirectory("headers-tree-");
    [TearDown] public void TearDown() => _work.Delete(recursive: true);

    [Test]
    public void Rewrites_absolute_usr_includes_only()
    {
        var text = "include /usr/src/linux-headers-6.1.0-56-common/Makefile\n-include /usr/lib/x.mk\ninclude local.mk\n";
        Assert.That(HeadersTree.RewriteMakefile(text, "/cache/e1"), Is.EqualTo(
            "include /cache/e1/usr/src/linux-headers-6.1.0-56-common/Makefile\n-include /cache/e1/usr/lib/x.mk\ninclude local.mk\n"));
    }

    // The layout dpkg-deb -x leaves for the arch headers, -common and kbuild, with an absolute
    // tools link as some releases have.
    private string Unpack(string root, bool withKbuild = true, string? modules = "lib/modules")
    {
        var build = Path.Combine(root, "usr/src/linux-headers-6.1.0-56-amd64");
        var common = Path.Combine(root, "usr/src/linux-headers-6.1.0-56-common");
        var kbuild = Path.Combine(root, "usr/lib/linux-kbuild-6.1");
        Directory.CreateDirectory(build);
        Directory.CreateDirectory(common);
        File.WriteAllText(Path.Combine(build, "Makefile"), "include /usr/src/linux-headers-6.1.0-56-common/Makefile\n");
        File.WriteAllText(Path.Combine(common, "Makefile"), "# the kernel's\n");
        Directory.CreateDirectory(Path.Combine(common, "include/trace/events"));
        File.WriteAllText(Path.Combine(common, "include/trace/events/sched.h"), "TRACE_EVENT(sched_switch, ...)\n");
        if (modules is not null)
        {
            // What linux-headers-REL-ARCH ships beside the tree: build and source links for /lib/modules.
            var rel = Path.Combine(root, modules, "6.1.0-56-amd64");
            Directory.CreateDirectory(rel);
            File.CreateSymbolicLink(Path.Combine(rel, "build"), "/usr/src/linux-headers-6.1.0-56-amd64");
            // bookworm's packages link by absolute path; trixie's (usr/lib/modules) relatively.
            File.CreateSymbolicLink(Path.Combine(rel, "source"), modules.StartsWith("usr/")
                ? "../../../src/linux-headers-6.1.0-56-common" : "/usr/src/linux-headers-6.1.0-56-common");
        }
        File.CreateSymbolicLink(Path.Combine(build, "scripts"), "../../lib/linux-kbuild-6.1/scripts");
        File.CreateSymbolicLink(Path.Combine(build, "tools"), "/usr/lib/linux-kbuild-6.1/tools");
        if (withKbuild)
        {
            Directory.CreateDirectory(Path.Combine(kbuild, "scripts/basic"));
            Directory.CreateDirectory(Path.Combine(kbuild, "tools"));
            File.WriteAllText(Path.Combine(kbuild, "scripts/Makefile.build"), "");
            File.WriteAllText(Path.Combine(kbuild, "scripts/basic/fixdep"), "");
        }
        return build;
    }

    [Test]
    public void Points_the_makefile_and_absolute_links_at_the_final_root()
    {
        var build = Unpack(_work.FullName);
        var final = "/cache/kernel-headers/abc";
        var returned = HeadersTree.Prepare(_work.FullName, final, "6.1.0-56-amd64");
        Assert.Multiple(() =>
        {
            Assert.That(returned, Is.EqualTo(build));
            Assert.That(File.ReadAllText(Path.Combine(build, "Makefile")),
                Is.EqualTo($"include {final}/usr/src/linux-headers-6.1.0-56-common/Makefile\n"));
            Assert.That(new FileInfo(Path.Combine(build, "tools")).LinkTarget, Is.EqualTo($"{final}/usr/lib/linux-kbuild-6.1/tools"));
            Assert.That(new FileInfo(Path.Combine(build, "scripts")).LinkTarget, Is.EqualTo("../../lib/linux-kbuild-6.1/scripts"));
        });
    }

    [Test]
    public void Preparing_in_place_gives_a_tree_whose_links_resolve()
    {
        var build = Unpack(_work.FullName);
        HeadersTree.Prepare(_work.FullName, _work.FullName, "6.1.0-56-amd64");
        Assert.That(File.Exists(Path.Combine(build, "scripts/basic/fixdep")));
        Assert.That(Directory.Exists(Path.Combine(build, "tools")));
    }

    [Test]
    public void Missing_kbuild_is_reported()
    {
        Unpack(_work.FullName, withKbuild: false);
        var e = Assert.Throws<InfrastructureException>(() => HeadersTree.Prepare(_work.FullName, "/x", "6.1.0-56-amd64"))!;
        Assert.That(e.Message, Does.Contain("scripts/Makefile.build").And.Contain("kbuild"));
    }

    [Test]
    public void Missing_common_headers_are_reported()
    {
        Unpack(_work.FullName);
        File.Delete(Path.Combine(_work.FullName, "usr/src/linux-headers-6.1.0-56-common/Makefile"));
        var e = Assert.Throws<InfrastructureException>(() => HeadersTree.Prepare(_work.FullName, "/x", "6.1.0-56-amd64"))!;
        Assert.That(e.Message, Does.Contain("linux-headers-6.1.0-56-common/Makefile"));
    }

    [TestCase("lib/modules")]      // bookworm's packages
    [TestCase("usr/lib/modules")]  // trixie's (merged /usr in the package)
    [TestCase(null)]               // no packaged link: the -common Makefile's directory
    public void The_tree_has_Debians_source_link_to_the_common_headers_relative_to_itself(string? modules)
    {
        var build = Unpack(_work.FullName, modules: modules);
        HeadersTree.Prepare(_work.FullName, "/cache/kernel-headers/abc", "6.1.0-56-amd64");
        Assert.Multiple(() =>
        {
            // Relative: the same link resolves on the host and in a container binding the cache anywhere.
            Assert.That(new FileInfo(Path.Combine(build, "source")).LinkTarget, Is.EqualTo("../linux-headers-6.1.0-56-common"));
            Assert.That(File.Exists(Path.Combine(build, "source/include/trace/events/sched.h")));
        });
    }

    [Test]
    public void A_source_link_to_headers_that_were_not_unpacked_is_reported()
    {
        Unpack(_work.FullName);
        Directory.Delete(Path.Combine(_work.FullName, "usr/src/linux-headers-6.1.0-56-common/include"), recursive: true);
        var e = Assert.Throws<InfrastructureException>(() => HeadersTree.Prepare(_work.FullName, "/x", "6.1.0-56-amd64"))!;
        Assert.That(e.Message, Does.Contain("linux-headers-6.1.0-56-common").And.Contain("include/"));
    }
}

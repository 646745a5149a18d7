using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Guest;

namespace ProbeHarness.Tests.Guest;

public class BuildTreeWithMapTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ph-buildtree-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public async Task The_tree_is_the_flavours_headers_tree_as_Debian_installs_it_plus_the_real_map()
    {
        // linux-headers-REL-amd64 as unpacked: hidden .config, the Makefile that includes the -common
        // tree, generated headers only under include/, and a placeholder map where one could be.
        var flavour = Path.Combine(_dir, "usr/src/linux-headers-6.1.0-56-amd64");
        Directory.CreateDirectory(Path.Combine(flavour, "include/generated"));
        File.WriteAllText(Path.Combine(flavour, ".config"), "CONFIG_KPROBES=y\n");
        File.WriteAllText(Path.Combine(flavour, "Makefile"), "include /usr/src/linux-headers-6.1.0-56-common/Makefile\n");
        File.WriteAllText(Path.Combine(flavour, "System.map"), "placeholder\n");
        var map = Path.Combine(_dir, "System.map");
        File.WriteAllText(map, "ffffffff813669e0 T vfs_read\n");

        var tree = await BuildTreeWithMap.GetAsync(new HarnessCache(Path.Combine(_dir, "cache")), flavour, map, CancellationToken.None);

        Assert.That(Directory.EnumerateFileSystemEntries(tree).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { ".config", "include", "Makefile", "System.map" }.Order()));
        Assert.That(File.ReadAllText(Path.Combine(tree, "System.map")), Is.EqualTo("ffffffff813669e0 T vfs_read\n"));
        Assert.That(File.ReadAllText(Path.Combine(tree, "Makefile")), Does.Contain("-common/Makefile"));
        // As on a Debian host (/lib/modules/REL/build): the kernel's own headers are not under the
        // flavour's tree, so stap's kernel<include/linux/...> (gcc -include from the tree's root) finds nothing.
        Assert.That(File.Exists(Path.Combine(tree, "include/linux/sched.h")), Is.False);
    }

    [Test]
    public async Task The_trees_source_link_reaches_the_kernels_tracepoint_headers_as_on_a_Debian_host()
    {
        // HeadersTree gives the flavour's tree Debian's /lib/modules/REL/source, relative.
        var flavour = Path.Combine(_dir, "usr/src/linux-headers-6.1.0-56-amd64");
        var common = Path.Combine(_dir, "usr/src/linux-headers-6.1.0-56-common");
        Directory.CreateDirectory(flavour);
        Directory.CreateDirectory(Path.Combine(common, "include/trace/events"));
        File.WriteAllText(Path.Combine(common, "include/trace/events/sched.h"), "TRACE_EVENT(sched_switch, ...)\n");
        File.CreateSymbolicLink(Path.Combine(flavour, "source"), "../linux-headers-6.1.0-56-common");
        var map = Path.Combine(_dir, "System.map");
        File.WriteAllText(map, "ffffffff813669e0 T vfs_read\n");

        var tree = await BuildTreeWithMap.GetAsync(new HarnessCache(Path.Combine(_dir, "cache")), flavour, map, CancellationToken.None);

        Assert.That(File.ReadAllText(Path.Combine(tree, "source/include/trace/events/sched.h")), Does.Contain("sched_switch"));
    }
}

using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Kernels;

namespace ProbeHarness.Tests.Kernels;

public class DebianArchiveTests
{
    private DirectoryInfo _dir = null!;

    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("debian-archive-");
    [TearDown] public void TearDown() => _dir.Delete(recursive: true);

    [Test]
    public void Sources_list_names_every_suite_pinned_to_the_arch()
    {
        Assert.That(DistroTable.Get("bookworm").SourcesList("arm64"), Is.EqualTo(
            "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main\n" +
            "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main\n" +
            "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main\n"));
        Assert.That(DistroTable.Get("trixie").KbuildPackage, Is.EqualTo("linux-kbuild-6.12"));
        Assert.Throws<ArgumentException>(() => DistroTable.Get("sid"));
    }

    [Test]
    public void Every_directory_apt_writes_is_private()
    {
        var archive = new DebianArchive(new HarnessCache(_dir.FullName), DistroTable.Get("trixie"), "riscv64");
        Assert.That(archive.Root, Is.EqualTo(Path.Combine(_dir.FullName, "apt", "trixie-riscv64")));
        var options = archive.AptOptions().Chunk(2).ToDictionary(p => p[1].Split('=')[0], p => p[1].Split('=', 2)[1]);
        foreach (var dir in new[] { "Dir::State", "Dir::State::Lists", "Dir::State::status", "Dir::Cache",
                     "Dir::Etc::SourceList", "Dir::Etc::SourceParts", "Dir::Log", "Dir::Etc::PreferencesParts" })
            Assert.That(options[dir], Does.StartWith(archive.Root + "/"), dir);
        Assert.That(options["APT::Architectures::"], Is.EqualTo("riscv64"));
        Assert.That(options["APT::Architecture"], Is.EqualTo("riscv64"));
        Assert.That(File.ReadAllText(Path.Combine(archive.Root, "status")), Is.Empty);
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(archive.Root, "etc", "sources.list.d")), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(archive.Root, "etc", "apt.conf")),
            Does.Contain($"Dir::Etc::Parts \"{archive.Root}/etc/apt.conf.d\""), "host apt.conf.d hooks must not run");
    }

    [Test]
    public void Lists_are_stale_until_an_update_and_again_when_the_sources_change()
    {
        var cache = new HarnessCache(_dir.FullName);
        var archive = new DebianArchive(cache, DistroTable.Get("bookworm"), "amd64");
        Assert.That(archive.ListsAreFresh(), Is.False);
        File.WriteAllText(Path.Combine(archive.Root, "updated.stamp"), "");
        Assert.That(archive.ListsAreFresh(), Is.True);
        File.SetLastWriteTimeUtc(Path.Combine(archive.Root, "updated.stamp"), DateTime.UtcNow - DebianArchive.MaxListAge * 2);
        Assert.That(archive.ListsAreFresh(), Is.False);

        File.WriteAllText(Path.Combine(archive.Root, "updated.stamp"), "");
        File.WriteAllText(Path.Combine(archive.Root, "etc", "sources.list"), "deb http://elsewhere bookworm main\n");
        Assert.That(new DebianArchive(cache, DistroTable.Get("bookworm"), "amd64").ListsAreFresh(), Is.False);
    }

    [Test]
    public async Task A_failing_command_names_itself_and_its_stderr()
    {
        var e = Assert.ThrowsAsync<ProbeHarness.Processes.ToolFailedException>(() =>
            ProbeHarness.Processes.Tool.CheckAsync("sh", ["-c", "echo broken mirror >&2; exit 100"], TimeSpan.FromSeconds(30)))!;
        Assert.That(e, Is.InstanceOf<InfrastructureException>(), "a failing host tool is the infrastructure's fault");
        Assert.That(e.Message, Does.Contain("sh -c 'echo broken mirror >&2; exit 100'").And.Contain("exited 100")
            .And.Contain("broken mirror"));
        Assert.ThrowsAsync<ProbeHarness.Processes.ToolFailedException>(() => ProbeHarness.Processes.Tool.CheckAsync("/no/such/tool", [], TimeSpan.FromSeconds(30)));
        Assert.That((await ProbeHarness.Processes.Tool.RunAsync("printf", ["%s", "a b"], TimeSpan.FromSeconds(30))).Stdout, Is.EqualTo("a b"));
    }
}

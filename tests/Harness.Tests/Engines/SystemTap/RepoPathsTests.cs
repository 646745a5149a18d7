using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class RepoPathsTests
{
    [Test]
    public void Root_holds_the_solution_and_the_patches() =>
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(RepoPaths.Root(), RepoPaths.SolutionFile)));
            Assert.That(Directory.GetFiles(RepoPaths.StapRuntimePatches(), "*.patch"), Is.Not.Empty);
        });

    [Test]
    public void Walks_up_from_a_nested_start()
    {
        var tmp = Directory.CreateTempSubdirectory("repopaths");
        try
        {
            File.WriteAllText(Path.Combine(tmp.FullName, RepoPaths.SolutionFile), "");
            var deep = Directory.CreateDirectory(Path.Combine(tmp.FullName, "a", "b", "c")).FullName;
            Assert.That(RepoPaths.Root(deep), Is.EqualTo(tmp.FullName));
        }
        finally { tmp.Delete(recursive: true); }
    }

    [Test]
    public void Says_what_to_do_when_there_is_no_solution() =>
        Assert.That(() => RepoPaths.Root("/"), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("PROBE_HARNESS_REPO"));
}

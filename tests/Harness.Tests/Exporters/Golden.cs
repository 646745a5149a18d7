using NUnit.Framework;

namespace ProbeHarness.Tests.Exporters;

/// <summary>
/// Compares exporter output with a checked-in file. PH_UPDATE_GOLDEN=1 rewrites the files instead;
/// review the diff before committing. Files are found from the source tree (walking up to
/// Harness.sln), not the build output, so an update lands where git sees it.
/// </summary>
internal static class Golden
{
    public static string Directory => Path.Combine(RepoRoot(), "tests", "Harness.Tests", "Exporters", "golden");

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        if (Environment.GetEnvironmentVariable("PH_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            Assert.Pass($"golden file {name} rewritten");
        }
        Assert.That(File.Exists(path), Is.True, $"no golden file {path}; run with PH_UPDATE_GOLDEN=1 to create it");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path)), $"output differs from {path}; PH_UPDATE_GOLDEN=1 rewrites it");
    }

    private static string RepoRoot() => Checkout.Root(TestContext.CurrentContext.TestDirectory);
}

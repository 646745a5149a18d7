using NUnit.Framework;
namespace ProbeHarness.Tests.Conformance;

/// <summary>Finds the small pass-directory tree in SystemTap's layout beside these tests (not copied to the output).</summary>
public static class TestTree
{
    public static string Testsuite
    {
        get
        {
            var start = TestContext.CurrentContext?.TestDirectory ?? AppContext.BaseDirectory;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
                    return Path.Combine(dir.FullName, "tests", "Harness.Tests", "Conformance", "testsuite");
            throw new DirectoryNotFoundException($"no Harness.sln above {start}");
        }
    }

    public static string Scratch(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "ph-conformance-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}

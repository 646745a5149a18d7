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
            return Path.Combine(Checkout.Root(start), "tests", "Harness.Tests", "Conformance", "testsuite");
        }
    }

    public static string Scratch(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "ph-conformance-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}

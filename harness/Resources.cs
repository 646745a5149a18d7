namespace ProbeHarness;

/// <summary>
/// Finds the harness's data folders (vmimages/, suites/): when run from a checkout, in the
/// repository root (so a suite edited since the last build is read as it is now); otherwise the
/// copy the build put beside the binary.
/// </summary>
public static class Resources
{
    public static string Dir(string name)
    {
        if (Checkout.Roots().Select(r => Path.Combine(r, name)).FirstOrDefault(Directory.Exists) is { } inCheckout)
            return inCheckout;
        var beside = Path.Combine(AppContext.BaseDirectory, name);
        if (Directory.Exists(beside)) return beside;
        throw new DirectoryNotFoundException($"harness data folder '{name}' not found beside {AppContext.BaseDirectory} or in a checkout above it");
    }

    public static string PathOf(string folder, string relative) => Path.Combine(Dir(folder), relative);
}

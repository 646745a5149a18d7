namespace ProbeHarness;

/// <summary>
/// Finds the harness's data folders (vmimages/, suites/): copied beside the binary by the build,
/// or, when run from a checkout, in the repository root.
/// </summary>
public static class Resources
{
    public static string Dir(string name)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, name);
        if (Directory.Exists(beside)) return beside;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Harness.sln")) && Directory.Exists(Path.Combine(d.FullName, name)))
                return Path.Combine(d.FullName, name);
        }
        throw new DirectoryNotFoundException($"harness data folder '{name}' not found beside {AppContext.BaseDirectory} or in a checkout above it");
    }

    public static string PathOf(string folder, string relative) => Path.Combine(Dir(folder), relative);
}


namespace ProbeHarness.Caching;

/// <summary>Directory trees as cache inputs: a key for a tree's content, and a writable copy of one.</summary>
public static class FileTree
{
    /// <summary>
    /// A key for every file below <paramref name="root"/>: its relative path and content, and with
    /// <paramref name="withModes"/> whether it is executable (suites run some of their files).
    /// </summary>
    public static string Key(string root, bool withModes = false)
    {
        var parts = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)
            .SelectMany(rel =>
            {
                var file = Path.Combine(root, rel);
                var hash = HarnessCache.HashFile(file);
                return withModes ? new[] { rel, Executable(file) ? "x" : "-", hash } : [rel, hash];
            })
            .ToArray();
        return HarnessCache.KeyOf(parts);
    }

    /// <summary>Copies <paramref name="from"/> to <paramref name="to"/>, modes kept and every file writable by its owner.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var d in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(to, Path.GetRelativePath(from, f));
            File.Copy(f, dest, true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dest, File.GetUnixFileMode(f) | UnixFileMode.UserWrite);
        }
    }

    private static bool Executable(string file) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0;
}

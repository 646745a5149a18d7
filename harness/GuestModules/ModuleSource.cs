using ProbeHarness.Caching;

namespace ProbeHarness.GuestModules;

/// <summary>
/// The source of one of the harness's own kernel modules: a folder vmimages/modules/&lt;name&gt;
/// holding a Kbuild (or Makefile) and the .c files it names. The module file it builds is
/// &lt;name&gt;.ko. Loaded only in a guest, never on the host.
/// </summary>
/// <param name="Name">The folder's name, which is also the module's name.</param>
/// <param name="Directory">The folder.</param>
/// <param name="Files">Its files, relative to the folder, in ordinal order.</param>
public sealed record ModuleSource(string Name, string Directory, IReadOnlyList<string> Files)
{
    /// <summary>The harness's module of that name (vmimages/modules/&lt;name&gt;).</summary>
    public static ModuleSource Get(string name) => Load(Resources.PathOf("vmimages", Path.Combine("modules", name)));

    /// <summary>Reads a module folder; a folder without a Kbuild/Makefile or without C source is an error naming it.</summary>
    public static ModuleSource Load(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"module source {directory} does not exist");
        var files = System.IO.Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!files.Contains("Kbuild") && !files.Contains("Makefile"))
            throw new InvalidDataException($"module source {directory} has neither a Kbuild nor a Makefile");
        if (!files.Any(f => f.EndsWith(".c", StringComparison.Ordinal)))
            throw new InvalidDataException($"module source {directory} has no .c file");
        var name = Path.GetFileName(directory);
        // The name is the module's, used bare in guest commands (insmod, rmmod, /proc/NAME).
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9_]+$"))
            throw new InvalidDataException($"module source {directory}: a module name is letters, digits and '_', not '{name}'");
        return new ModuleSource(name, directory, files);
    }

    /// <summary>The sha256 over every file's name and content: what the module is built from.</summary>
    public string ContentHash() =>
        HarnessCache.KeyOf(Files.SelectMany(f => new[] { f, HarnessCache.HashFile(Path.Combine(Directory, f)) }).ToArray());

    /// <summary>Copies the sources into an empty build folder (Kbuild writes its objects beside them).</summary>
    public void CopyTo(string destination)
    {
        foreach (var f in Files)
        {
            var to = Path.Combine(destination, f);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(Directory, f), to);
        }
    }
}

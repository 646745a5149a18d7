namespace ProbeHarness.Conformance;

/// <summary>How a pass-directory test is run, from its first line.</summary>
public abstract record PassTestCommand
{
    /// <summary>"#! stap -p2 ...": stap's arguments; the file is the script.</summary>
    public sealed record Stap(IReadOnlyList<string> Arguments) : PassTestCommand;

    /// <summary>"#! /bin/sh": a script that calls stap itself.</summary>
    public sealed record Script(string Interpreter) : PassTestCommand;
}

/// <summary>One file of a pass directory: where it is, whether stap must accept it, how it runs.</summary>
public sealed record PassTest(string Directory, string File, int Pass, bool MustAccept, PassTestCommand Command)
{
    /// <summary>The name in the .sum: "buildok/foo.stp", as SystemTap's own .sum names it.</summary>
    public string Name => $"{Directory}/{Path.GetFileName(File)}";

    /// <summary>The DejaGnu driver that runs this directory in SystemTap's tree: one per directory.</summary>
    public string Source => $"systemtap.pass1-4/{Directory}.exp";
}

/// <summary>
/// The pass-directory layout of a SystemTap source tree's testsuite/ (usually under
/// systemtap.pass1-4/): parseok, parseko, semok, semko, transok, transko, buildok, buildko.
/// "ok" files must be accepted up to their pass, "ko" files rejected.
/// </summary>
public static class PassDirectory
{
    public static readonly IReadOnlyDictionary<string, int> Directories = new Dictionary<string, int>
    {
        ["parseok"] = 1, ["parseko"] = 1, ["semok"] = 2, ["semko"] = 2,
        ["transok"] = 3, ["transko"] = 3, ["buildok"] = 4, ["buildko"] = 4,
    };

    private static readonly string[] Interpreters = ["sh", "bash", "dash"];

    /// <summary>The folder holding the pass directories: the path itself, or its systemtap.pass1-4/.</summary>
    public static string Root(string testsuite)
    {
        if (!System.IO.Directory.Exists(testsuite)) throw new DirectoryNotFoundException($"no testsuite folder {testsuite}");
        foreach (var candidate in new[] { testsuite, Path.Combine(testsuite, "systemtap.pass1-4"), Path.Combine(testsuite, "testsuite", "systemtap.pass1-4") })
            if (Directories.Keys.Any(d => System.IO.Directory.Exists(Path.Combine(candidate, d)))) return Path.GetFullPath(candidate);
        throw new DirectoryNotFoundException(
            $"{testsuite} has none of {string.Join(", ", Directories.Keys)} (itself or under systemtap.pass1-4/)");
    }

    /// <summary>
    /// Remembered results for a tree's tests, keyed by the content of the whole testsuite/ folder
    /// when the pass directories sit in one (tests may read their neighbours), else of the folder given.
    /// </summary>
    public static RememberedResults Remembered(string directory, string testsuite, ConformanceTarget target)
    {
        var root = Root(testsuite);
        var keyed = SuiteFolder(root);
        return new RememberedResults(directory, keyed, RememberedResults.ContextOf(keyed, target));
    }

    /// <summary>
    /// Copies the tests (the whole testsuite/ folder when the pass directories sit in one) to
    /// <paramref name="destination"/>, for a stap that sees only its own directories; returns the copy's path to load.
    /// </summary>
    public static string CopyInto(string testsuite, string destination)
    {
        var root = Root(testsuite);
        var keyed = SuiteFolder(root);
        Caching.FileTree.Copy(keyed, destination);
        return Path.Combine(destination, Path.GetRelativePath(keyed, root));
    }

    /// <summary>The testsuite/ folder holding <paramref name="root"/> when it is systemtap.pass1-4, else the root itself.</summary>
    private static string SuiteFolder(string root) => Path.GetFileName(root) == "systemtap.pass1-4" ? Path.GetDirectoryName(root)! : root;

    public static IReadOnlyList<PassTest> Load(string testsuite)
    {
        var root = Root(testsuite);
        var tests = new List<PassTest>();
        foreach (var (dir, pass) in Directories.OrderBy(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal))
        {
            var full = Path.Combine(root, dir);
            if (!System.IO.Directory.Exists(full)) continue;
            foreach (var file in System.IO.Directory.GetFiles(full).Order(StringComparer.Ordinal))
            {
                // As the drivers glob them: the directory's *.stp files (a test's helpers may sit beside it).
                var name = Path.GetFileName(file);
                if (name.StartsWith('.') || !name.EndsWith(".stp", StringComparison.Ordinal)) continue;
                tests.Add(new PassTest(dir, file, pass, dir.EndsWith("ok"), CommandOf(file, pass)));
            }
        }
        return tests;
    }

    /// <summary>Reads the first line: "#! stap ARGS", "#! /bin/sh", or none (stap -pN for the directory's pass).</summary>
    public static PassTestCommand CommandOf(string file, int pass)
    {
        var first = File.ReadLines(file).FirstOrDefault() ?? "";
        if (!first.StartsWith("#!")) return new PassTestCommand.Stap([$"-p{pass}"]);
        IReadOnlyList<string> words;
        try { words = ShellWords.Split(first[2..]); }
        catch (FormatException e) { throw new FormatException($"{file}:1: {e.Message}"); }
        if (words.Count == 0) throw new FormatException($"{file}:1: '#!' names no program");
        var program = words[0];
        if (program == "/usr/bin/env" && words.Count > 1) { program = words[1]; words = words.Skip(1).ToList(); }
        var bare = Path.GetFileName(program);
        if (bare == "stap") return new PassTestCommand.Stap(words.Skip(1).ToList());
        if (Interpreters.Contains(bare)) return new PassTestCommand.Script(program.StartsWith('/') ? program : $"/bin/{bare}");
        throw new FormatException($"{file}:1: runs '{program}': a pass-directory test is run by stap or a shell");
    }
}

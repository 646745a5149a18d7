using System.Text.Json;
using ProbeHarness.Caching;
using ProbeHarness.Processes;

namespace ProbeHarness.Conformance;

/// <summary>
/// Host command results of a conformance suite, remembered by everything that determines them: the
/// command line, the suite tree's content, the stap shim (translator, kernel build tree, runtime,
/// arch and flags), the translator's own version and the host's installed packages (the tapsets
/// and the user-space binaries some examples probe). Passes 1-4 on the host are deterministic in
/// those inputs, so a run over an unchanged suite and kernel answers from here instead of running
/// stap again (stap's own cache keeps only the modules it made, and still parses and elaborates
/// every script). A timeout or a crash of the command is never remembered. Entries are single
/// files written by rename, so concurrent runs share the store safely.
/// </summary>
public sealed class RememberedResults
{
    private readonly string _directory;
    private readonly string _root;
    private readonly string _context;

    /// <param name="directory">Where results are kept.</param>
    /// <param name="treeRoot">The suite tree the commands run in; paths below it are keyed relative to it.</param>
    /// <param name="context">Everything else that determines results (see <see cref="ContextOf"/>).</param>
    public RememberedResults(string directory, string treeRoot, string context)
    {
        _directory = directory;
        _root = Path.GetFullPath(treeRoot).TrimEnd('/');
        _context = context;
        Directory.CreateDirectory(directory);
    }

    /// <summary>The inputs every command of a suite shares: the tree's content, the translator, the host's packages.</summary>
    public static string ContextOf(string treeRoot, ConformanceTarget target) =>
        HarnessCache.KeyOf(["conformance-host-results-v1", FileTree.Key(treeRoot, withModes: true), target.Identity,
            HostPackagesFingerprint(), .. target.TargetArgs]);

    /// <summary>The key of one command: its program, arguments and directory (relative to the tree) and the shim it finds first on PATH.</summary>
    public string KeyOf(string shimText, string file, IReadOnlyList<string> args, string workingDirectory) =>
        HarnessCache.KeyOf([_context, shimText, Relative(file), Relative(workingDirectory), .. args.Select(Relative)]);

    public ToolResult? Find(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var r = JsonSerializer.Deserialize<ToolResult>(File.ReadAllText(path));
            // Paths of the run that stored it read as this run's tree.
            return r is null ? null : r with { Stdout = Absolute(r.Stdout), Stderr = Absolute(r.Stderr) + RememberedNote };
        }
        catch (JsonException)
        {
            return null; // a damaged entry is run again and rewritten
        }
    }

    public void Store(string key, ToolResult result)
    {
        if (!Deterministic(result)) return;
        var path = PathOf(key);
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(result with { Stdout = Relative(result.Stdout), Stderr = Relative(result.Stderr) }));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>What is added to a remembered result's stderr, so its log says where it came from.</summary>
    public const string RememberedNote = "\n(result remembered from an earlier run with these same inputs; --fresh runs it again)\n";

    /// <summary>A normal exit (accepted or rejected) is a property of the inputs; a timeout or a signal is not.</summary>
    public static bool Deterministic(ToolResult r) => !r.TimedOut && r.ExitCode is >= 0 and < 128;

    private string PathOf(string key) => Path.Combine(_directory, key + ".json");

    private string Relative(string s) => s.Replace(_root, TreeMark, StringComparison.Ordinal);

    private string Absolute(string s) => s.Replace(TreeMark, _root, StringComparison.Ordinal);

    private const string TreeMark = "<tree>";

    /// <summary>The host's installed packages (dpkg's status file), or "none" on a host without dpkg.</summary>
    public static string HostPackagesFingerprint() =>
        File.Exists("/var/lib/dpkg/status") ? HarnessCache.HashFile("/var/lib/dpkg/status") : "none";
}

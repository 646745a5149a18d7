using System.Security.Cryptography;
using System.Text;

namespace ProbeHarness.Caching;

/// <summary>
/// The harness cache: content-addressed directories, built once, shared by concurrent runs.
/// An entry is built in a private temporary directory and renamed into place under an
/// exclusive lock file, so a reader sees either nothing or a complete entry.
/// </summary>
public sealed class HarnessCache
{
    public string Root { get; }

    public HarnessCache(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>PROBE_HARNESS_CACHE, else $XDG_CACHE_HOME/probe-harness, else ~/.cache/probe-harness.</summary>
    public static HarnessCache Default()
    {
        var env = Environment.GetEnvironmentVariable("PROBE_HARNESS_CACHE");
        if (!string.IsNullOrEmpty(env)) return new HarnessCache(env);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrEmpty(xdg) ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new HarnessCache(Path.Combine(baseDir, "probe-harness"));
    }

    /// <summary>A stable short key for everything that determines an entry's content.</summary>
    public static string KeyOf(params string[] parts)
    {
        var joined = string.Join("\n", parts.Select(p => $"{p.Length}:{p}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..24];
    }

    /// <summary>The sha256 of a file's content, lower-case hex.</summary>
    public static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>A directory for work that is not an entry (private apt state, downloads).</summary>
    public string Area(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string PathOf(string kind, string key) => Path.Combine(Root, kind, key);

    /// <summary>
    /// Returns the directory of entry (kind, key), building it with <paramref name="build"/> if it
    /// is absent. <paramref name="build"/> receives an empty directory to fill; it is renamed to
    /// the entry only if build returns normally.
    /// </summary>
    public async Task<string> GetOrCreateAsync(string kind, string key,
        Func<string, CancellationToken, Task> build, CancellationToken ct = default)
    {
        var final = PathOf(kind, key);
        if (Directory.Exists(final)) return final;
        Directory.CreateDirectory(Path.Combine(Root, kind));
        await using var _ = await LockAsync(Path.Combine(Root, kind, key + ".lock"), ct);
        if (Directory.Exists(final)) return final;
        var tmp = Path.Combine(Root, kind, $".{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(tmp);
        try
        {
            await build(tmp, ct);
            Directory.Move(tmp, final);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        return final;
    }

    /// <summary>An exclusive, process-wide lock on a file; waits while another run holds it.</summary>
    public static async Task<IAsyncDisposable> LockAsync(string lockPath, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var fs = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return fs;
            }
            catch (IOException)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

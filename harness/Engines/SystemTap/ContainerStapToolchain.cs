using System.Collections.Concurrent;
using ProbeHarness.Caching;
using ProbeHarness.Toolchains;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// Another Debian release's stap (trixie: 5.1), run in a container of its toolchain image
/// (vmimages/toolchains/&lt;recipe&gt;, made by scripts/setup-docker). The harness cache is bound
/// read-only at its own path, so build trees (whose links and Makefile include point into the
/// cache), patched runtimes and System.maps are where the host sees them; stap's own cache and
/// an exchange directory for scripts and named modules are bound writable, also at their paths,
/// so the module paths stap prints are valid on the host.
/// </summary>
public sealed class ContainerStapToolchain : IStapToolchain
{
    /// <summary>Where Debian's systemtap package keeps the runtime, inside the image.</summary>
    public const string RuntimeInImage = "/usr/share/systemtap/runtime";

    private const string StockRuntimeKind = "stap-runtime-stock";

    private readonly ToolchainContainer container;
    private readonly HarnessCache cache;
    private readonly string exchange;
    private readonly ConcurrentDictionary<string, Lazy<Task>> installedMaps = new();

    public ToolchainRecipe Recipe { get; }

    public string Name => Recipe.Name;

    public string Identity => $"{Recipe.ImageTag} {FullVersion}";

    public string Version { get; }

    public string FullVersion { get; }

    /// <summary>stap's SYSTEMTAP_DIR for this toolchain: its module cache, apart from the host stap's.</summary>
    public string SystemtapDir { get; }

    /// <summary>How long the container took to start.</summary>
    public TimeSpan StartTime => container.StartTime;

    private ContainerStapToolchain(ToolchainRecipe recipe, ToolchainContainer container, HarnessCache cache,
        string systemtapDir, string exchange, string version, string fullVersion)
    {
        Recipe = recipe;
        this.container = container;
        this.cache = cache;
        SystemtapDir = systemtapDir;
        this.exchange = exchange;
        Version = version;
        FullVersion = fullVersion;
    }

    public static async Task<ContainerStapToolchain> StartAsync(HarnessCache cache, ToolchainRecipe recipe, CancellationToken ct)
    {
        var stapDir = cache.Area(StapBuildWorkarounds.Default().CacheArea($"systemtap-{recipe.Name}"));
        var exchange = Directory.CreateDirectory(Path.Combine(cache.Area("toolchain-exchange"), Guid.NewGuid().ToString("N"))).FullName;
        ToolchainContainer? container = null;
        try
        {
            container = await ToolchainContainer.StartAsync(recipe.ImageTag,
                [ToolchainMount.Same(cache.Root, writable: false), ToolchainMount.Same(stapDir, true), ToolchainMount.Same(exchange, true)], ct);
            var v = await container.ExecAsync(["stap", "--version"], TimeSpan.FromSeconds(30), ct);
            var (version, full) = StapRuntime.ParseVersion(v.Stdout + v.Stderr)
                ?? throw new InvalidOperationException($"cannot read stap's version in {recipe.ImageTag}: {v.Stderr.Trim()}{v.Stdout.Trim()}");
            return new ContainerStapToolchain(recipe, container, cache, stapDir, exchange, version, full);
        }
        catch
        {
            if (container is not null) await container.DisposeAsync();
            Directory.Delete(exchange, recursive: true);
            throw;
        }
    }

    public async Task<string> PatchedRuntimeAsync(RuntimePatch patch, CancellationToken ct)
    {
        // PatchedRuntime copies and patches on the host, under the cache the container sees.
        var stock = await cache.GetOrCreateAsync(StockRuntimeKind, HarnessCache.KeyOf(Recipe.ImageTag, FullVersion), async (dir, c) =>
        {
            var job = NewJobDirectory();
            try
            {
                var cp = await container.ExecAsync(["cp", "-a", RuntimeInImage, Path.Combine(job, "runtime")], TimeSpan.FromMinutes(1), c);
                if (cp.ExitCode != 0) throw new IOException($"cannot copy {RuntimeInImage} out of {Recipe.ImageTag}: {cp.Stderr.Trim()}");
                Directory.Move(Path.Combine(job, "runtime"), Path.Combine(dir, "runtime"));
            }
            finally { Directory.Delete(job, recursive: true); }
        }, ct);
        return await PatchedRuntime.GetAsync(cache, Version, patch, Path.Combine(stock, "runtime"), ct);
    }

    public async Task<StapBuildResult> BuildAsync(StapBuildRequest request, CancellationToken ct)
    {
        request.Validate();
        RequireVisible(request.BuildTree, "kernel build tree");
        if (request.RuntimeDirectory is not null) RequireVisible(request.RuntimeDirectory, "stap runtime");
        Directory.CreateDirectory(request.OutputDirectory);
        await InstallSystemMapAsync(request.BuildTree, ct);

        var job = NewJobDirectory();
        try
        {
            var script = Path.Combine(job, Path.GetFileName(request.ScriptFile));
            File.Copy(request.ScriptFile, script);
            var args = StapBuilder.Arguments(request with { ScriptFile = script });
            string[] command = ["env", $"--chdir={job}", $"SYSTEMTAP_DIR={SystemtapDir}", "stap", .. args];
            var r = await container.ExecAsync(command, request.Timeout, ct);
            var run = new Processes.ToolResult(string.Join(' ', command), r.ExitCode, r.Stdout, r.Stderr, r.Duration, r.TimedOut);
            string? ko = null;
            if (!r.TimedOut && request.LastPass == 4)
            {
                // With -m the module is left in the job directory; without, stap prints its path in
                // its cache, which is bound at the same path on the host.
                var made = request.ModuleName is null ? StapBuilder.ModulePrinted(r.Stdout, job) : Path.Combine(job, request.ModuleName + ".ko");
                if (request.ModuleName is not null && File.Exists(made))
                {
                    ko = Path.Combine(Path.GetFullPath(request.OutputDirectory), request.ModuleName + ".ko");
                    File.Copy(made!, ko, overwrite: true);
                }
                else ko = request.ModuleName is null ? made : null;
            }
            return StapBuilder.Result(request, run, ko, ["docker", "exec", container.Id[..12], .. command]);
        }
        finally { Directory.Delete(job, recursive: true); }
    }

    /// <summary>
    /// A wrapper that runs this container's stap in the caller's directory, which must be under the
    /// exchange directory (bound at its own path), with the caller's SYSTEMTAP_DIR; the module
    /// paths stap prints are valid on the host for the same reason.
    /// </summary>
    public async Task<StapProgram> ProgramAsync(string directory, string? buildTree, CancellationToken ct)
    {
        if (buildTree is not null)
        {
            RequireVisible(buildTree, "kernel build tree");
            await InstallSystemMapAsync(buildTree, ct);
        }
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"stap-{Name}");
        File.WriteAllText(path, $$"""
            #!/bin/sh
            # Written by Probe Harness: stap {{FullVersion}} in the {{Name}} toolchain container (ContainerStapToolchain.cs).
            case $PWD/ in {{exchange}}/*) ;; *) echo "ph-stap: $PWD is not visible in the {{Name}} toolchain container" >&2; exit 125 ;; esac
            exec docker exec -i -w "$PWD" -e SYSTEMTAP_DIR="$SYSTEMTAP_DIR" -e LC_ALL=C {{container.Id}} stap "$@"
            """.Replace("\r", "") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new StapProgram(path, SystemtapDir, NewJobDirectory());
    }

    /// <summary>
    /// stap 5.1 reads the kernel's symbols from /boot/System.map-&lt;release&gt; only (4.8 also read
    /// &lt;build&gt;/System.map), so a build tree's real map is copied there in the container, once
    /// per release, before any build can look for it.
    /// </summary>
    private Task InstallSystemMapAsync(string buildTree, CancellationToken ct)
    {
        var map = Path.Combine(buildTree, "System.map");
        var releaseFile = Path.Combine(buildTree, "include", "config", "kernel.release");
        if (!File.Exists(map) || !File.Exists(releaseFile)) return Task.CompletedTask;
        var release = File.ReadAllText(releaseFile).Trim();
        var key = $"{release}\n{Path.GetFullPath(map)}";
        return installedMaps.GetOrAdd(key, _ => new Lazy<Task>(async () =>
        {
            var cp = await container.ExecAsync(["cp", "-L", Path.GetFullPath(map), $"/boot/System.map-{release}"], TimeSpan.FromMinutes(1), ct);
            if (cp.ExitCode != 0) throw new IOException($"cannot install {map} as /boot/System.map-{release} in {Recipe.ImageTag}: {cp.Stderr.Trim()}");
        })).Value;
    }

    private string NewJobDirectory() => Directory.CreateDirectory(Path.Combine(exchange, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The container sees the harness cache only; a path outside it would be missing there.</summary>
    private void RequireVisible(string path, string what)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cache.Root)) + Path.DirectorySeparatorChar;
        if (!Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal))
            throw new ArgumentException($"{what} {path} is outside the harness cache ({cache.Root}), which is all the {Name} toolchain container sees");
    }

    public async ValueTask DisposeAsync()
    {
        await container.DisposeAsync();
        try { Directory.Delete(exchange, recursive: true); } catch (IOException) { }
    }
}

using ProbeHarness.Caching;

namespace ProbeHarness.Kernels;

/// <summary>
/// A private apt state for one (distribution, Debian architecture): its own sources.list, lists,
/// cache and empty dpkg status under cache.Area("apt")/&lt;distro&gt;-&lt;arch&gt;/. The host's apt
/// state and configuration are never read for packages nor written: every apt call gets
/// APT_CONFIG pointing at a private file (so /etc/apt/apt.conf.d hooks such as appstream's
/// Post-Invoke never run) and -o options for every directory apt would touch.
/// </summary>
public sealed class DebianArchive
{
    /// <summary>Lists younger than this are used as they are; Debian refreshes a few times a day.</summary>
    public static readonly TimeSpan MaxListAge = TimeSpan.FromHours(6);

    private readonly HarnessCache _cache;

    public Distro Distro { get; }
    public string DebianArch { get; }
    public string Root { get; }

    private string EtcDir => Path.Combine(Root, "etc");
    private string ListsDir => Path.Combine(Root, "lists");
    private string CacheDir => Path.Combine(Root, "cache");
    private string StampPath => Path.Combine(Root, "updated.stamp");
    private string LockPath => Path.Combine(Root, "apt.lock");

    public DebianArchive(HarnessCache cache, Distro distro, string debianArch)
    {
        _cache = cache;
        Distro = distro;
        DebianArch = debianArch;
        Root = Path.Combine(cache.Area("apt"), $"{distro.Name}-{debianArch}");
        Layout();
    }

    // Creating directories and rewriting identical files is idempotent, so two runs may race here.
    private void Layout()
    {
        foreach (var d in new[] { "etc/sources.list.d", "etc/preferences.d", "etc/apt.conf.d",
                     "lists/partial", "cache/archives/partial", "state", "log" })
            Directory.CreateDirectory(Path.Combine(Root, d));
        WriteIfChanged(Path.Combine(EtcDir, "apt.conf"),
            $"Dir::Etc::Main \"{Path.Combine(EtcDir, "apt.conf.none")}\";\n" +
            $"Dir::Etc::Parts \"{Path.Combine(EtcDir, "apt.conf.d")}\";\n");
        if (WriteIfChanged(Path.Combine(EtcDir, "sources.list"), Distro.SourcesList(DebianArch)))
            File.Delete(StampPath); // other mirrors or suites: the lists no longer describe them
        var status = Path.Combine(Root, "status");
        if (!File.Exists(status)) File.WriteAllText(status, "");
    }

    private static bool WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content) return false;
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        File.WriteAllText(tmp, content);
        File.Move(tmp, path, overwrite: true);
        return true;
    }

    /// <summary>The -o options that confine apt to this state.</summary>
    internal IReadOnlyList<string> AptOptions()
    {
        var o = new List<string>();
        void Opt(string k, string v) { o.Add("-o"); o.Add($"{k}={v}"); }
        Opt("Dir::State", Path.Combine(Root, "state"));
        Opt("Dir::State::Lists", ListsDir);
        Opt("Dir::State::status", Path.Combine(Root, "status"));
        Opt("Dir::Cache", CacheDir);
        Opt("Dir::Etc::SourceList", Path.Combine(EtcDir, "sources.list"));
        Opt("Dir::Etc::SourceParts", Path.Combine(EtcDir, "sources.list.d"));
        Opt("Dir::Etc::Preferences", Path.Combine(EtcDir, "preferences"));
        Opt("Dir::Etc::PreferencesParts", Path.Combine(EtcDir, "preferences.d"));
        Opt("Dir::Log", Path.Combine(Root, "log"));
        Opt("APT::Architectures::", DebianArch);
        Opt("APT::Architecture", DebianArch);
        // apt drops to user _apt for downloads, which cannot enter a cache under /root.
        Opt("APT::Sandbox::User", "root");
        Opt("Acquire::Languages", "none");
        return o;
    }

    /// <summary>apt with the private state; a download of the big kernel packages may take a while on a slow mirror.</summary>
    private Task<Processes.ToolResult> AptAsync(string tool, IEnumerable<string> args, bool check,
        string? workDir, CancellationToken ct)
    {
        var all = AptOptions().Concat(args).ToList();
        var env = new Dictionary<string, string> { ["APT_CONFIG"] = Path.Combine(EtcDir, "apt.conf") };
        return check
            ? Processes.Tool.CheckAsync(tool, all, TimeSpan.FromMinutes(30), ct, workDir, env)
            : Processes.Tool.RunAsync(tool, all, TimeSpan.FromMinutes(30), ct, workDir, env);
    }

    public bool ListsAreFresh() =>
        File.Exists(StampPath) && DateTime.UtcNow - File.GetLastWriteTimeUtc(StampPath) < MaxListAge;

    /// <summary>Refreshes the package lists unless they are fresh; concurrent runs wait for one another.</summary>
    public async Task UpdateAsync(bool force = false, IProgress<string>? progress = null,
        CancellationToken ct = default)
    {
        if (!force && ListsAreFresh()) return;
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Resolve, $"apt-get update {Distro.Name} {DebianArch}");
        await using var _ = await HarnessCache.LockAsync(LockPath, ct);
        if (!force && ListsAreFresh()) return; // another run refreshed them while we waited
        progress?.Report($"apt-get update ({Distro.Name}, {DebianArch})");
        var r = await AptAsync("apt-get", ["-q", "update"], check: false, null, ct);
        if (r.ExitCode != 0 || r.Stderr.Contains("E: Failed to fetch"))
        {
            if (!AptUpdateFailures.OnlyIndexFiles(r.Stderr) || !HasMainIndex())
                throw new InfrastructureException(
                    $"`apt-get update` ({Distro.Name}, {DebianArch}) exited with {r.ExitCode}: {r.Stderr.Trim()}");
            foreach (var (url, why) in AptUpdateFailures.Parse(r.Stderr))
                progress?.Report($"warning: apt could not fetch {url} ({why}); its packages are not offered");
        }
        File.WriteAllText(StampPath, DateTime.UtcNow.ToString("O"));
    }

    /// <summary>True when the lists hold the distribution's own Packages index for this architecture.</summary>
    private bool HasMainIndex() =>
        Directory.Exists(ListsDir) && Directory.EnumerateFiles(ListsDir)
            .Any(f => Path.GetFileName(f).EndsWith($"_dists_{Distro.Name}_main_binary-{DebianArch}_Packages", StringComparison.Ordinal));

    /// <summary>Every kernel image package the lists offer, any flavor and ABI.</summary>
    public async Task<IReadOnlyList<KernelPackage>> ListKernelsAsync(CancellationToken ct = default)
    {
        await UpdateAsync(ct: ct);
        await using var _ = await HarnessCache.LockAsync(LockPath, ct);
        var r = await AptAsync("apt-cache", ["search", "--names-only", "^linux-image-[0-9]"], true, null, ct);
        return KernelPackage.ParseSearch(r.Stdout);
    }

    /// <summary>The candidate version of a package, or null when the lists do not have it.</summary>
    public async Task<PackageInfo?> FindAsync(string name, CancellationToken ct = default)
    {
        await UpdateAsync(ct: ct);
        await using var _ = await HarnessCache.LockAsync(LockPath, ct);
        var r = await AptAsync("apt-cache", ["show", "--no-all-versions", name], false, null, ct);
        var stanza = DebControl.ParseStanzas(r.Stdout)
            .FirstOrDefault(s => s.GetValueOrDefault("Package") == name);
        if (stanza is not null) return PackageInfo.FromStanza(stanza);
        if (r.ExitCode == 0 || r.Stderr.Contains("No packages found") || r.Stderr.Contains("purely virtual")
            || r.Stderr.Contains("Unable to locate"))
            return null;
        throw new InfrastructureException(
            $"`apt-cache show {name}` ({Distro.Name}, {DebianArch}) exited with {r.ExitCode}: {r.Stderr.Trim()}");
    }

    /// <summary>
    /// Fetches packages into the cache's "debs" entries, one per sha256, so a .deb is fetched once
    /// whatever asks for it. Returns the .deb paths in the order given.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownloadAsync(IEnumerable<PackageInfo> packages,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var paths = new List<string>();
        using var phase = Profiling.Phases.Begin(Profiling.Phase.Download);
        foreach (var p in packages)
        {
            var dir = await _cache.GetOrCreateAsync("debs", p.Sha256, async (tmp, c) =>
            {
                progress?.Report($"downloading {p.Name} {p.Version} ({p.Size / (1024 * 1024)} MB)");
                await using (await HarnessCache.LockAsync(LockPath, c))
                    await AptAsync("apt-get", ["-q", "download", p.Pinned], true, tmp, c);
                var debs = Directory.GetFiles(tmp, "*.deb");
                if (debs.Length != 1)
                    throw new InfrastructureException(
                        $"`apt-get download {p.Pinned}` left {debs.Length} .deb files, expected one");
                var actual = HarnessCache.HashFile(debs[0]);
                if (actual != p.Sha256)
                    throw new InfrastructureException(
                        $"{Path.GetFileName(debs[0])}: sha256 {actual}, but the archive lists {p.Sha256}");
            }, ct);
            paths.Add(Directory.GetFiles(dir, "*.deb").Single());
        }
        return paths;
    }
}

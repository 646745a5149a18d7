using ProbeHarness.Architectures;

namespace ProbeHarness.Guest;

/// <summary>What goes into a guest initramfs besides the agent itself.</summary>
/// <param name="Arch">The guest architecture.</param>
/// <param name="ModulesDir">The kernel's unpacked lib/modules/&lt;release&gt; tree; null when the agent channel's drivers are built in.</param>
/// <param name="BusyboxPath">A static busybox for the guest architecture.</param>
/// <param name="UserlandRoots">Unpacked Debian packages whose programs and shared libraries the guest needs.</param>
/// <param name="ExtraFiles">More files: guest path and host path (workloads).</param>
public sealed record GuestImageSpec(
    Arch Arch,
    string? ModulesDir,
    string BusyboxPath,
    IReadOnlyList<string> UserlandRoots,
    IReadOnlyList<(string GuestPath, string HostPath)> ExtraFiles);

/// <summary>
/// Writes the agent initramfs: busybox, the agent as /init, the modules that bring up the agent
/// channel, and the userland a probe engine needs in the guest.
/// </summary>
public static class GuestImage
{
    /// <summary>Programs taken from unpacked userland packages (shared libraries are taken by location).</summary>
    private static readonly string[] Programs = ["usr/bin/staprun", "usr/lib/systemtap/stapio"];

    public static async Task BuildAsync(GuestImageSpec spec, string outPath, CancellationToken ct = default)
    {
        var modules = spec.ModulesDir is null ? [] : await KernelModules.ResolveAsync(spec.ModulesDir, spec.Arch.AgentModules, ct);
        using var cpio = new Cpio(outPath);
        var dirs = new HashSet<string>();
        foreach (var d in new[] { "bin", "sbin", "etc", "etc/ph", "lib", "lib/ph-modules", "dev", "proc", "sys", "tmp", "run", "root", "usr", "usr/bin", "usr/sbin", "usr/lib" })
            Dir(d);
        cpio.CharDevice("dev/console", 5, 1);
        cpio.CharDevice("dev/null", 1, 3, 0x1B6);
        cpio.File("init", File.ReadAllBytes(Resources.PathOf("vmimages", "agent/init")), 0x1ED);
        cpio.File("bin/busybox", File.ReadAllBytes(spec.BusyboxPath), 0x1ED);
        cpio.Symlink("bin/sh", "busybox");
        foreach (var m in modules)
            cpio.File($"lib/ph-modules/{m.Name}.ko", m.Content);
        cpio.File("etc/ph/modules", System.Text.Encoding.ASCII.GetBytes(string.Join('\n', modules.Select(m => m.Name)) + "\n"));
        var added = new HashSet<string>();
        foreach (var root in spec.UserlandRoots)
            foreach (var rel in UserlandFiles(root, spec.Arch.Triplet))
                if (added.Add(rel)) AddFromHost(rel, Path.Combine(root, rel));
        // Packages built for a merged /usr (trixie's libc6) put the dynamic loader under usr/lib*,
        // while programs ask for /lib*/ld-…: give each top-level usr/lib* entry its /lib* name too,
        // as the merged system it was built for has.
        foreach (var rel in added.Where(r => MergedUsrAlias(r) is not null).ToList())
            if (added.Add(MergedUsrAlias(rel)!))
            {
                Dir(Path.GetDirectoryName(MergedUsrAlias(rel))!);
                cpio.Symlink(MergedUsrAlias(rel)!, "/" + rel);
            }
        if (spec.UserlandRoots.Count > 0 && added.Contains("usr/bin/staprun") && !added.Contains(spec.Arch.DynamicLoader.TrimStart('/')))
            throw new Kernels.InfrastructureException(
                $"the {spec.Arch} guest userland has no dynamic loader {spec.Arch.DynamicLoader}; staprun could not start");
        foreach (var (guest, host) in spec.ExtraFiles)
            if (added.Add(guest.TrimStart('/'))) AddFromHost(guest.TrimStart('/'), host);

        void Dir(string d)
        {
            if (d.Length == 0 || !dirs.Add(d)) return;
            var parent = Path.GetDirectoryName(d);
            if (!string.IsNullOrEmpty(parent)) Dir(parent);
            cpio.Directory(d);
        }

        void AddFromHost(string rel, string host)
        {
            Dir(Path.GetDirectoryName(rel)!);
            var info = new FileInfo(host);
            if (info.LinkTarget is not null)
                cpio.Symlink(rel, info.LinkTarget);
            else
                cpio.File(rel, File.ReadAllBytes(host), (int)(File.GetUnixFileMode(host) & (UnixFileMode)0xFFF));
        }
    }

    /// <summary>lib/X for usr/lib/X and lib64/X for usr/lib64/X (files directly in those folders); null otherwise.</summary>
    public static string? MergedUsrAlias(string rel)
    {
        foreach (var d in new[] { "lib", "lib64" })
            if (rel.StartsWith($"usr/{d}/", StringComparison.Ordinal) && !rel[($"usr/{d}/".Length)..].Contains('/'))
                return $"{d}/{rel[($"usr/{d}/".Length)..]}";
        return null;
    }

    /// <summary>The programs and shared libraries of an unpacked package, relative to its root.</summary>
    public static IEnumerable<string> UserlandFiles(string root, string triplet)
    {
        string[] libDirs = ["lib", "lib64", $"lib/{triplet}", $"usr/lib/{triplet}", "usr/lib", "usr/lib64"];
        foreach (var p in Programs)
            if (File.Exists(Path.Combine(root, p)) || new FileInfo(Path.Combine(root, p)).LinkTarget is not null)
                yield return p;
        foreach (var d in libDirs)
        {
            var dir = Path.Combine(root, d);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(f);
                if (name.Contains(".so") && !Directory.Exists(f)) yield return Path.Combine(d, name);
            }
        }
    }
}

using System.Buffers.Binary;
using System.Text;

namespace ProbeHarness.Kernels;

/// <summary>
/// Where a user's kernel keeps its pieces, in any of the layouts a kernel comes in: an installed
/// or unpacked package (boot/vmlinuz-&lt;release&gt; with lib/modules/&lt;release&gt; or the merged-/usr
/// usr/lib/modules/&lt;release&gt;, config-* and System.map-* beside the image), a kernel build tree
/// (arch/*/boot/bzImage or Image, vmlinux, .config, System.map, include/config/kernel.release,
/// its built modules), or a bare image file. Found only: nothing is read beyond names and headers.
/// </summary>
/// <param name="Image">The kernel image file.</param>
/// <param name="Release">uname -r, when something tells it.</param>
/// <param name="ModulesDir">A modules tree: lib/modules/&lt;release&gt;, or the build tree when it has built modules.</param>
/// <param name="BuildDir">A tree to build modules against (headers or the full build tree).</param>
/// <param name="BuiltinList">modules.builtin, in the modules tree or the build tree.</param>
public sealed record LocalKernelLayout(string Image, string? Release, string? ModulesDir, string? BuildDir, string? Config,
    string? SystemMap, string? BuiltinList)
{
    // A build tree's own images, by where each architecture's kbuild leaves them; vmlinux (ppc64le boots it) last.
    private static readonly string[] BuildOutputs = ["bzImage", "Image", "Image.gz"];

    public static LocalKernelLayout Find(string path, Architectures.Arch? arch)
    {
        var full = Path.GetFullPath(path);
        string image, dir;
        if (File.Exists(full)) (image, dir) = (full, Path.GetDirectoryName(full)!);
        else if (Directory.Exists(full)) (image, dir) = (FindImage(full, arch), full);
        else throw new KernelSpecException($"kernel path '{path}' does not exist");
        // An image under boot/ belongs to the root above it.
        var roots = Path.GetFileName(dir) == "boot" ? new[] { dir, Path.GetDirectoryName(dir)! } : [dir];

        var tree = roots.FirstOrDefault(IsBuildTree);
        var release = ReleaseFromName(Path.GetFileName(image))
            ?? ReadTrimmed(tree is null ? null : Path.Combine(tree, "include", "config", "kernel.release"))
            ?? OnlyRelease(roots)
            ?? BzImageRelease(image);
        var installed = release is null ? null : roots.SelectMany(r => new[]
            { Path.Combine(r, "usr", "lib", "modules", release), Path.Combine(r, "lib", "modules", release) }).FirstOrDefault(Directory.Exists);
        var modules = installed ?? (tree is not null && HasBuiltModules(tree) ? tree : null);
        var build = FirstDir(installed is null ? null : Path.Combine(installed, "build"), tree,
            roots.Select(r => Path.Combine(r, "build")).FirstOrDefault(IsBuildTree));
        if (build is not null && !File.Exists(Path.Combine(build, "Makefile"))) build = null;

        var beside = roots.SelectMany(r => new[] { r, Path.Combine(r, "boot") }).ToList();
        var config = FirstFile([.. beside.Select(d => release is null ? null : Path.Combine(d, $"config-{release}")),
            .. roots.Select(r => Path.Combine(r, ".config")), build is null ? null : Path.Combine(build, ".config")]);
        var map = FirstFile([.. beside.Select(d => release is null ? null : Path.Combine(d, $"System.map-{release}")),
            .. roots.Select(r => Path.Combine(r, "System.map")), build is null ? null : Path.Combine(build, "System.map")]);
        // Debian's System.map is a one-line placeholder pointing at the -dbg package.
        if (map is not null && !SystemMapMaker.IsReal(map)) map = null;
        var builtin = FirstFile(installed is null ? null : Path.Combine(installed, "modules.builtin"),
            tree is null ? null : Path.Combine(tree, "modules.builtin"));
        return new(image, release, modules, build, config, map, builtin);
    }

    private static string FindImage(string dir, Architectures.Arch? arch)
    {
        // The arch's own image kind first (vmlinux for ppc64le), then the other; then a build tree's outputs.
        var own = arch?.KernelImageGlob.Replace("{release}", "*") ?? "vmlinuz-*";
        var other = own.StartsWith("vmlinuz") ? "vmlinux-*" : "vmlinuz-*";
        foreach (var pattern in new[] { own, other })
        foreach (var where in new[] { dir, Path.Combine(dir, "boot") })
        {
            if (!Directory.Exists(where)) continue;
            var found = Directory.GetFiles(where, pattern).Order().ToArray();
            if (found.Length == 1) return found[0];
            if (found.Length > 1)
                throw new KernelSpecException(
                    $"'{dir}' holds several kernels ({string.Join(", ", found.Select(Path.GetFileName))}); give the file's path");
        }
        var archDirs = arch is not null ? [Path.Combine(dir, "arch", arch.KernelArch)]
            : Directory.Exists(Path.Combine(dir, "arch")) ? Directory.GetDirectories(Path.Combine(dir, "arch")).Order().ToArray() : [];
        var built = FirstFile([.. BuildOutputs.Select(o => Path.Combine(dir, o)),
            .. archDirs.SelectMany(a => BuildOutputs.Select(o => Path.Combine(a, "boot", o))), Path.Combine(dir, "vmlinux")]);
        return built ?? throw new KernelSpecException(
            $"no kernel in '{dir}': expected {own} or {other} (directly or under boot/), or a build tree's arch/*/boot/bzImage, Image or vmlinux");
    }

    internal static string? ReleaseFromName(string fileName)
    {
        foreach (var prefix in new[] { "vmlinuz-", "vmlinux-" })
            if (fileName.StartsWith(prefix, StringComparison.Ordinal) && fileName.Length > prefix.Length)
                return fileName[prefix.Length..];
        return null;
    }

    /// <summary>A kernel build tree: kbuild's Makefile and the release kbuild wrote.</summary>
    private static bool IsBuildTree(string dir) =>
        File.Exists(Path.Combine(dir, "Makefile")) && File.Exists(Path.Combine(dir, "include", "config", "kernel.release"));

    private static bool HasBuiltModules(string tree) =>
        new FileInfo(Path.Combine(tree, "modules.order")) is { Exists: true, Length: > 0 };

    /// <summary>The one release under lib/modules or usr/lib/modules, when there is exactly one.</summary>
    private static string? OnlyRelease(IEnumerable<string> roots)
    {
        var releases = roots.SelectMany(r => new[] { Path.Combine(r, "usr", "lib", "modules"), Path.Combine(r, "lib", "modules") })
            .Where(Directory.Exists).SelectMany(Directory.GetDirectories).Select(Path.GetFileName).Distinct().ToList();
        return releases.Count == 1 ? releases[0] : null;
    }

    /// <summary>The release at the head of a bzImage's kernel_version string ("6.12.57+deb13-amd64 (debian-kernel@…) #1 …").</summary>
    internal static string? BzImageRelease(string image)
    {
        var head = new byte[0x10000];
        using (var f = File.OpenRead(image)) head = head[..f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (head.Length < 0x210 || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(0x202)) != 0x53726448) return null;
        var at = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(0x20E)) + 0x200;
        if (at <= 0x200 || at >= head.Length) return null;
        var end = head.AsSpan(at).IndexOfAny((byte)' ', (byte)0);
        return end > 0 ? Encoding.ASCII.GetString(head, at, end) : null;
    }

    private static string? FirstFile(params string?[] paths) => paths.FirstOrDefault(p => p is not null && File.Exists(p));
    private static string? FirstDir(params string?[] paths) => paths.FirstOrDefault(p => p is not null && Directory.Exists(p));
    private static string? ReadTrimmed(string? path) => path is not null && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}

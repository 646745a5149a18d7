using ProbeHarness.Architectures;
using ProbeHarness.Caching;

namespace ProbeHarness.Kernels;

/// <summary>
/// A kernel of the user's own: an image file, or a directory holding vmlinuz-*/vmlinux-*/bzImage
/// (directly or under boot/), optionally lib/modules/&lt;release&gt;/, a headers or build tree
/// (lib/modules/&lt;release&gt;/build, build/, or the directory itself), a config and a System.map.
/// Nothing is copied: the user's files are used where they are.
/// </summary>
public static class LocalKernel
{
    // A Debian image's System.map is one line saying where the real one is; anything that
    // small cannot be a map of a kernel.
    private const long PlaceholderMapSize = 1024;

    public static KernelImage Resolve(string path, Arch arch)
    {
        var full = Path.GetFullPath(path);
        string kernel, dir;
        if (File.Exists(full)) (kernel, dir) = (full, Path.GetDirectoryName(full)!);
        else if (Directory.Exists(full)) (kernel, dir) = (FindImage(full, arch), full);
        else throw new KernelSpecException($"kernel path '{path}' does not exist");

        var release = ReleaseFromName(Path.GetFileName(kernel));
        var modules = FindModules(dir, ref release);
        var build = FirstDir(
            modules is null ? null : Path.Combine(modules, "build"),
            Path.Combine(dir, "build"),
            File.Exists(Path.Combine(dir, "Makefile")) ? dir : null);
        if (build is not null && !File.Exists(Path.Combine(build, "Makefile"))) build = null;
        release ??= ReadTrimmed(build is null ? null : Path.Combine(build, "include", "config", "kernel.release"))
            ?? throw new KernelSpecException(
                $"cannot tell the kernel release of '{kernel}': name it vmlinuz-<release>, or add lib/modules/<release>/");

        var config = FirstFile(Path.Combine(dir, $"config-{release}"), Path.Combine(dir, "boot", $"config-{release}"),
            Path.Combine(dir, ".config"), build is null ? null : Path.Combine(build, ".config"));
        var map = FirstFile(Path.Combine(dir, $"System.map-{release}"), Path.Combine(dir, "boot", $"System.map-{release}"),
            Path.Combine(dir, "System.map"), build is null ? null : Path.Combine(build, "System.map"));
        if (map is not null && new FileInfo(map).Length < PlaceholderMapSize) map = null;

        // What a boot depends on: the image, its config and map, and which modules exist.
        var key = HarnessCache.KeyOf("local", HarnessCache.HashFile(kernel), HashOrEmpty(config), HashOrEmpty(map),
            HashOrEmpty(modules is null ? null : Path.Combine(modules, "modules.dep")));
        return new KernelImage("local", release, release, "", null, arch, kernel, modules, config, build, map, key);
    }

    private static string FindImage(string dir, Arch arch)
    {
        // The arch's own image kind first (vmlinux for ppc64le), then the other, then build outputs.
        var own = arch.KernelImageGlob.Replace("{release}", "*");
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
        var built = FirstFile(Path.Combine(dir, "bzImage"), Path.Combine(dir, "Image"),
            Path.Combine(dir, "arch", arch.KernelArch, "boot", "bzImage"),
            Path.Combine(dir, "arch", arch.KernelArch, "boot", "Image"), Path.Combine(dir, "vmlinux"));
        return built ?? throw new KernelSpecException(
            $"no kernel in '{dir}': expected {own}, {other}, bzImage or Image, directly or under boot/");
    }

    internal static string? ReleaseFromName(string fileName)
    {
        foreach (var prefix in new[] { "vmlinuz-", "vmlinux-" })
            if (fileName.StartsWith(prefix, StringComparison.Ordinal) && fileName.Length > prefix.Length)
                return fileName[prefix.Length..];
        return null;
    }

    private static string? FindModules(string dir, ref string? release)
    {
        var root = Path.Combine(dir, "lib", "modules");
        if (!Directory.Exists(root)) return null;
        if (release is not null)
            return Directory.Exists(Path.Combine(root, release)) ? Path.Combine(root, release) : null;
        var releases = Directory.GetDirectories(root);
        if (releases.Length != 1) return null;
        release = Path.GetFileName(releases[0]);
        return releases[0];
    }

    private static string? FirstFile(params string?[] paths) => paths.FirstOrDefault(p => p is not null && File.Exists(p));
    private static string? FirstDir(params string?[] paths) => paths.FirstOrDefault(p => p is not null && Directory.Exists(p));
    private static string HashOrEmpty(string? path) => path is not null && File.Exists(path) ? HarnessCache.HashFile(path) : "";
    private static string? ReadTrimmed(string? path) => path is not null && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Kernels;

/// <summary>
/// Makes an unpacked Debian headers tree usable where it lies. Debian's arch headers
/// (linux-headers-&lt;release&gt;) include the -common Makefile by an absolute /usr/src path and
/// reach kbuild's scripts/tools through symlinks into /usr/lib/linux-kbuild-*; unpacked under a
/// cache directory both would point at the host, or at nothing. The flavour's tree also gets the
/// `source` link a Debian host has at /lib/modules/&lt;release&gt;/source (to the -common headers):
/// SystemTap finds the kernel's tracepoint headers (include/trace/events) through it.
/// </summary>
public static partial class HeadersTree
{
    [GeneratedRegex(@"^(?<lead>\s*-?include\s+)(?<path>/usr/\S+)", RegexOptions.Multiline)]
    private static partial Regex AbsoluteInclude();

    /// <summary>The Makefile text with every absolute /usr include prefixed by <paramref name="root"/>.</summary>
    public static string RewriteMakefile(string makefile, string root) =>
        AbsoluteInclude().Replace(makefile, m => m.Groups["lead"].Value + Path.Join(root, m.Groups["path"].Value));

    /// <summary>
    /// Fixes the tree at <paramref name="workRoot"/>/usr/src/linux-headers-&lt;release&gt;, whose files will
    /// live at <paramref name="finalRoot"/> (a cache entry is built in one place and renamed to another;
    /// absolute paths written must be the final ones). Returns the build directory under workRoot.
    /// </summary>
    public static string Prepare(string workRoot, string finalRoot, string release)
    {
        var buildDir = Path.Combine(workRoot, "usr", "src", $"linux-headers-{release}");
        var makefile = Path.Combine(buildDir, "Makefile");
        if (!File.Exists(makefile))
            throw new InfrastructureException($"headers for {release} have no Makefile at {makefile}");
        var text = File.ReadAllText(makefile);
        var rewritten = RewriteMakefile(text, finalRoot);
        if (rewritten != text) File.WriteAllText(makefile, rewritten);

        // Absolute link targets, by link name, as they were before being moved under finalRoot.
        var repointed = new Dictionary<string, string>();
        foreach (var link in Directory.EnumerateFileSystemEntries(buildDir))
        {
            var info = new FileInfo(link);
            if (info.LinkTarget is not { } target || !Path.IsPathRooted(target)) continue;
            // Relative links (Debian's ../../lib/linux-kbuild-*) already resolve inside the root.
            info.Delete();
            File.CreateSymbolicLink(link, Path.Join(finalRoot, target));
            repointed[info.Name] = target;
        }

        // Checked in workRoot: links now point under finalRoot, which exists only after the rename.
        string InWork(string relative)
        {
            var parts = relative.Split('/', 2);
            return repointed.TryGetValue(parts[0], out var target)
                ? Path.Join(workRoot, target, parts.Length > 1 ? parts[1] : "")
                : Path.Combine(buildDir, relative);
        }
        foreach (var needed in new[] { "scripts/Makefile.build", "scripts/basic/fixdep" })
        {
            var path = InWork(needed);
            if (!File.Exists(path))
                throw new InfrastructureException(
                    $"headers for {release}: {needed} is missing; is the kbuild package unpacked next to them?");
        }
        var include = IncludedMakefile(rewritten);
        if (include is not null && !File.Exists(ToWork(include, workRoot, finalRoot)))
            throw new InfrastructureException($"headers for {release} include {include}, which was not unpacked");
        LinkSource(workRoot, buildDir, release, include is null ? null : Path.GetDirectoryName(ToWork(include, workRoot, finalRoot)));
        return buildDir;
    }

    /// <summary>
    /// &lt;build&gt;/source: relative, so it resolves wherever the cache entry is seen (the host, or a
    /// toolchain container that binds the cache elsewhere). Its target is the one Debian's package
    /// gives /lib/modules/&lt;release&gt;/source (lib/ in bookworm's packages, usr/lib/ in trixie's),
    /// else the directory of the -common Makefile the flavour's Makefile includes.
    /// </summary>
    private static void LinkSource(string workRoot, string buildDir, string release, string? includedDir)
    {
        var link = Path.Combine(buildDir, "source");
        if (Path.Exists(link) || new FileInfo(link).LinkTarget is not null) return;
        string? source = null;
        foreach (var modules in new[] { "usr/lib/modules", "lib/modules" })
        {
            var packaged = new FileInfo(Path.Combine(workRoot, modules, release, "source"));
            if (packaged.LinkTarget is not { } target) continue;
            source = Path.IsPathRooted(target) ? Path.Join(workRoot, target) : Path.GetFullPath(target, packaged.DirectoryName!);
            break;
        }
        source ??= includedDir;
        if (source is null) return;
        if (!Directory.Exists(Path.Combine(source, "include")))
            throw new InfrastructureException(
                $"headers for {release}: the kernel's source headers {Path.GetRelativePath(workRoot, source)} were not unpacked (no include/)");
        File.CreateSymbolicLink(link, Path.GetRelativePath(buildDir, source));
    }

    private static string? IncludedMakefile(string makefile)
    {
        var m = Regex.Match(makefile, @"^\s*include\s+(\S+)", RegexOptions.Multiline);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string ToWork(string path, string workRoot, string finalRoot) =>
        path.StartsWith(finalRoot, StringComparison.Ordinal) ? workRoot + path[finalRoot.Length..] : path;
}

using ProbeHarness.Architectures;
using ProbeHarness.Caching;

namespace ProbeHarness.Kernels;

/// <summary>
/// A kernel of the user's own (<see cref="LocalKernelLayout"/> finds its pieces), checked before
/// anything boots: its architecture read from the image, the agent channel's drivers found as
/// modules or built in, and what is missing named in one line. Nothing is copied: the user's
/// files are used where they are.
/// </summary>
public static class LocalKernel
{
    /// <summary>The kernel at <paramref name="path"/> for <paramref name="arch"/>; throws <see cref="KernelSpecException"/> with the one-line diagnosis when it cannot run.</summary>
    public static KernelImage Resolve(string path, Arch arch) => Inspect(path, arch).Kernel;

    /// <summary>The kernel and the one line that names what it lacks.</summary>
    public static (KernelImage Kernel, string Diagnosis) Inspect(string path, Arch arch)
    {
        var found = LocalKernelLayout.Find(path, arch);
        var named = $"kernel {path} ({found.Release ?? "release unknown"}, {arch.Name})";
        if (ImageArch.Of(found.Image) is { } read && read.Arch.Name != arch.Name)
            throw new KernelSpecException($"{named}: {found.Image} is a {read.Arch.Name} kernel ({read.Evidence}), not {arch.Name}: " +
                $"leave out --arch or give --arch {read.Arch.Name}");
        var release = found.Release ?? throw new KernelSpecException(
            $"{named}: cannot tell the kernel release of '{found.Image}': name it vmlinuz-<release>, or add lib/modules/<release>/ " +
            "or a build tree's include/config/kernel.release");

        var missing = new List<string>();
        if (found.ModulesDir is null)
        {
            var drivers = BuiltinDrivers.Decide(arch.AgentModules, found.Config, found.BuiltinList, found.Image);
            var notBuiltIn = drivers.Where(d => !d.BuiltIn).ToList();
            if (notBuiltIn.Count > 0)
                throw new KernelSpecException($"{named}: no modules tree and " + string.Join(", ", notBuiltIn.Select(Describe)) +
                    ": the agent channel needs it");
            missing.Add($"no modules tree, none needed ({string.Join(", ", drivers.Select(d => $"{d.Module} built in, {d.Evidence}"))})");
        }
        else if (AbsentModules(found, arch) is { Count: > 0 } absent)
            throw new KernelSpecException($"{named}: {string.Join(", ", absent)} neither built in nor a module under {found.ModulesDir}: " +
                "the agent channel needs it");
        if (found.BuildDir is null)
            missing.Add("no headers or build tree: SystemTap tests are unsupported and the harness's own modules cannot be built");
        if (found.Config is null) missing.Add("no config");
        missing.Add(found.SystemMap is null ? "no real System.map: will make one with a nokaslr boot" : $"real System.map {found.SystemMap}");

        // What a boot depends on: the image, its config and map, and which modules exist.
        var key = HarnessCache.KeyOf("local", HarnessCache.HashFile(found.Image), HashOrEmpty(found.Config), HashOrEmpty(found.SystemMap),
            HashOrEmpty(ModulesIndex(found.ModulesDir)));
        var kernel = new KernelImage("local", release, release, "", null, arch, found.Image, found.ModulesDir, found.Config,
            found.BuildDir, found.SystemMap, key);
        return (kernel, $"{named}: {string.Join("; ", missing)}");
    }

    /// <summary>
    /// The architecture of the kernel at <paramref name="path"/> as its image says, for when the user did not
    /// give one; null when the header tells nothing the harness reads.
    /// </summary>
    public static (Arch Arch, string Evidence)? ArchOf(string path) => ImageArch.Of(LocalKernelLayout.Find(path, null).Image);

    /// <summary>
    /// A kernel spec as a cell names it: a Debian spec as written, a user's kernel by its release
    /// (never its path; its file name when even the release cannot be told).
    /// </summary>
    public static string CellName(string kernelText)
    {
        KernelSpec spec;
        try { spec = KernelSpec.Parse(kernelText); }
        catch (KernelSpecException) { return kernelText; }
        if (spec.Path is not { } p) return kernelText;
        try { return LocalKernelLayout.Find(p, null).Release ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(p)); }
        catch (Exception e) when (e is KernelSpecException or IOException or UnauthorizedAccessException)
        {
            return Path.GetFileName(Path.TrimEndingDirectorySeparator(p));
        }
    }

    private static string Describe(BuiltinDrivers.Finding d) => d.State switch
    {
        BuiltinDrivers.Kind.Module => $"{d.Module} is a module ({d.Evidence})",
        BuiltinDrivers.Kind.Absent => $"{d.Module} is not configured ({d.Evidence})",
        _ => $"cannot tell whether {d.Module} is built in ({d.Evidence})",
    };

    /// <summary>The agent channel's drivers that are neither built in (config, modules.builtin) nor a .ko* file in the modules tree.</summary>
    private static List<string> AbsentModules(LocalKernelLayout found, Arch arch)
    {
        var needed = BuiltinDrivers.Decide(arch.AgentModules, found.Config, found.BuiltinList, imagePath: null)
            .Where(d => !d.BuiltIn).Select(d => d.Module).ToList();
        if (needed.Count == 0) return needed;
        var present = Directory.EnumerateFiles(found.ModulesDir!, "*.ko*", SearchOption.AllDirectories)
            .Select(f => Guest.ModuleFile.NameOf(f)?.Replace('-', '_')).ToHashSet();
        return needed.Where(m => !present.Contains(m)).ToList();
    }

    /// <summary>The file that changes when the modules do: depmod's index, else kbuild's list.</summary>
    private static string? ModulesIndex(string? modules) =>
        modules is null ? null : new[] { "modules.dep", "modules.order" }.Select(f => Path.Combine(modules, f)).FirstOrDefault(File.Exists);

    private static string HashOrEmpty(string? path) => path is not null && File.Exists(path) ? HarnessCache.HashFile(path) : "";
}

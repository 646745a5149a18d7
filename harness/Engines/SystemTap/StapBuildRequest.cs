using System.Text.RegularExpressions;
using ProbeHarness.Architectures;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// What to build: a script against a kernel build tree, into a module of a given name.
/// Immutable; optional parts are init-only with their defaults here and nowhere else.
/// </summary>
/// <param name="ScriptFile">The .stp file.</param>
/// <param name="BuildTree">The kernel build tree (stap -r), e.g. unpacked linux-headers-&lt;abi&gt;-&lt;flavor&gt;.</param>
/// <param name="ModuleName">The module name (stap -m): [a-z0-9_], what staprun and lsmod will show. Null lets
/// stap name it stap_&lt;hash&gt; and use its module cache: a cache hit takes ~1 s, whereas -m disables
/// that cache and a rebuild with -m takes 9-12 s even warm (only stap's autoconf results are cached).</param>
/// <param name="OutputDirectory">Where the .ko is left (stap writes it to its working directory).</param>
public sealed partial record StapBuildRequest(string ScriptFile, string BuildTree, string? ModuleName, string OutputDirectory)
{
    /// <summary>A patched runtime copy for -R (see PatchedRuntime), or null for the installed one.</summary>
    public string? RuntimeDirectory { get; init; }

    /// <summary>The declared patch RuntimeDirectory carries, so results name the engine really used.</summary>
    public RuntimePatch? RuntimePatch { get; init; }

    /// <summary>The guest architecture; a non-host one adds -a and -B CROSS_COMPILE=.</summary>
    public Arch? Arch { get; init; }

    /// <summary>Guru mode (-g): embedded C, register writes for fault injection.</summary>
    public bool Guru { get; init; }

    /// <summary>Further stap options (-D..., --suppress-time-limits), placed before the script.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Stop after this pass; 4 makes the module. Lower passes check a script quickly.</summary>
    public int LastPass { get; init; } = 4;

    /// <summary>
    /// A cold build is 12-30 s on two quiet cores, but stap 5.1's first build for a kernel (its configuration checks) took
    /// over 5 min on a host loaded ~50 deep, and a first tracepoint query over 20 min at load 30; a hung make should
    /// still not hold a run for ever: 15 min on a quiet host, stretched by its load (HostLoad).
    /// </summary>
    public TimeSpan Timeout { get; init; } = Processes.HostLoad.Stretch(TimeSpan.FromMinutes(15));

    // Linux MODULE_NAME_LEN is 56 including the NUL; stap wants identifiers.
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,54}$")]
    private static partial Regex ModuleNamePattern();

    public void Validate()
    {
        if (ModuleName is not null && !ModuleNamePattern().IsMatch(ModuleName))
            throw new ArgumentException($"module name '{ModuleName}' must match [a-z_][a-z0-9_]* and be at most 55 characters");
        if (LastPass is < 1 or > 4)
            throw new ArgumentException($"last pass {LastPass} must be 1-4: pass 5 would load the module on this host");
        if (!File.Exists(ScriptFile)) throw new FileNotFoundException($"stap script not found: {ScriptFile}");
        if (!Directory.Exists(BuildTree)) throw new DirectoryNotFoundException($"kernel build tree not found: {BuildTree}");
        if (RuntimeDirectory is not null && !Directory.Exists(RuntimeDirectory))
            throw new DirectoryNotFoundException($"stap runtime not found: {RuntimeDirectory}");
    }
}

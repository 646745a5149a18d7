using System.Text.RegularExpressions;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// A declared, versioned change to SystemTap's runtime (see RuntimePatches/*.yaml). A run
/// that uses one says so: its id names the engine it really ran, and its reason explains
/// the known failure of the unpatched engine.
/// </summary>
/// <param name="Id">Stable name, used in cache keys, reports and known-failure reasons.</param>
/// <param name="PatchFile">Absolute path of the unified diff, applied with patch -p1 to the runtime dir.</param>
/// <param name="EngineVersions">stap versions (as "stap --version" prints them, e.g. "4.8") it applies to.</param>
/// <param name="NeededFor">Kernels that need it; any rule matching is enough.</param>
/// <param name="SymptomPass">The pass that fails without it.</param>
/// <param name="SymptomPattern">A regex found in the failing output without it.</param>
/// <param name="Reason">Why it is needed, in words for a report.</param>
/// <param name="Bug">Where the underlying change is recorded.</param>
public sealed record RuntimePatch(
    string Id,
    string PatchFile,
    IReadOnlyList<string> EngineVersions,
    IReadOnlyList<KernelCondition> NeededFor,
    int SymptomPass,
    Regex SymptomPattern,
    string Reason,
    string Bug)
{
    public bool AppliesTo(string stapVersion) => EngineVersions.Contains(stapVersion);

    public bool IsNeededFor(KernelRelease kernel) => NeededFor.Any(c => c.Matches(kernel));

    /// <summary>True when a failed build looks like the failure this patch fixes.</summary>
    public bool ExplainsFailure(int? failedPass, string output) =>
        failedPass == SymptomPass && SymptomPattern.IsMatch(output);

    public override string ToString() => Id;
}

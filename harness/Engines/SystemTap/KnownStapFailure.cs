using ProbeHarness.Verdicts;

namespace ProbeHarness.Engines.SystemTap;

/// <summary>
/// A build failure of the stock engine that a declared runtime patch is known to fix. It is
/// the engine's fault, and known: a report shows it as KFAIL with the patch's reason, not as
/// a kernel regression.
/// </summary>
public sealed record KnownStapFailure(RuntimePatch Patch, string Evidence)
{
    public string Summary => $"known: needs runtime patch {Patch.Id}";

    public string Reason => $"{Summary}: {Patch.Reason}";

    public TestState State => TestState.KFail;

    public Culprit Culprit => Culprit.ProbeEngine;

    /// <summary>
    /// The known failure a result shows, if any: a failed build, made without the patch
    /// (a patched build failing the same way is a new problem), whose failed pass and output
    /// match a patch's declared symptom for this stap version.
    /// </summary>
    public static KnownStapFailure? Classify(StapBuildResult result, string stapVersion, RuntimePatchCatalog catalog)
    {
        if (result.Success || result.TimedOut) return null;
        var patch = catalog.Explaining(stapVersion, result.FailedPass, result.Stderr + result.Stdout);
        if (patch is null || patch.Id == result.RuntimePatchId) return null;
        return new KnownStapFailure(patch, result.Reason ?? "");
    }
}

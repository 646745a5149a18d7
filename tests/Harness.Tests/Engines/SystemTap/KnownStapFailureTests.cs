using NUnit.Framework;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class KnownStapFailureTests
{
    private static StapBuildResult Failed(string stderr, string? patchId = null) =>
        new(false, null, StapOutput.FailedPass(stderr), StapOutput.Reason(stderr), TimeSpan.FromSeconds(29), 1, false,
            "", stderr, patchId, ["stap"]);

    [Test]
    public void Stock_runtime_task_work_failure_is_known()
    {
        var known = KnownStapFailure.Classify(Failed(StapSamples.Pass4TaskWorkCancel), "4.8", RuntimePatchCatalogTests.Catalog());
        Assert.That(known, Is.Not.Null);
        Assert.That(known!.Summary, Is.EqualTo($"known: needs runtime patch {RuntimePatchCatalogTests.TaskWorkId}"));
        Assert.That((known.State, known.Culprit), Is.EqualTo((TestState.KFail, Culprit.ProbeEngine)));
        Assert.That(known.Evidence, Does.Contain("stp_task_work.c:107:40: error"));
    }

    [Test]
    public void The_same_failure_with_the_patch_applied_is_not_known() =>
        Assert.That(KnownStapFailure.Classify(Failed(StapSamples.Pass4TaskWorkCancel, RuntimePatchCatalogTests.TaskWorkId),
            "4.8", RuntimePatchCatalogTests.Catalog()), Is.Null);

    [Test]
    public void Other_failures_are_not_known() =>
        Assert.That(KnownStapFailure.Classify(Failed(StapSamples.Pass2NoMatch), "4.8", RuntimePatchCatalogTests.Catalog()), Is.Null);
}

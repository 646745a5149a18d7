using System.Text.Json.Nodes;
using FsCheck;
using TestResult = ProbeHarness.Verdicts.TestResult;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Exporters;
using ProbeHarness.Exporters.Kcidb;
using ProbeHarness.Tests.Exporters.Html;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters.Kcidb;

public class KcidbExporterTests
{
    [Test]
    public void The_schema_version_written_is_the_one_validated_against() =>
        Assert.That((KcidbExporter.SchemaMajor, KcidbExporter.SchemaMinor), Is.EqualTo((KcidbSchema.Major, KcidbSchema.Minor)));

    [Test]
    public void The_sample_run_validates()
    {
        var doc = KcidbExporter.Document(HostileRun.Report);
        Assert.That(KcidbSchema.Errors(doc), Is.Empty);
        Assert.That(doc["tests"]!.AsArray(), Has.Count.EqualTo(HostileRun.Report.Results.Count));
        Assert.That(doc["checkouts"]!.AsArray(), Has.Count.EqualTo(2), "two kernel releases");
        Assert.That(doc["builds"]!.AsArray(), Has.Count.EqualTo(2), "one per arch and kernel");
        Assert.That(doc["issues"]!.AsArray(), Has.Count.EqualTo(3), "three crash titles");
        Assert.That(doc["incidents"]!.AsArray(), Has.Count.EqualTo(HostileRun.Report.Results.Count(r => r.Crash is not null)));
    }

    [Test]
    public void The_sample_run_matches_its_golden_file() => Golden.Verify("sample.kcidb.json", KcidbExporter.Text(SampleRun.Report));

    [Test]
    public void The_schema_rejects_what_kcidb_would()
    {
        JsonObject Doc() => KcidbExporter.Document(HostileRun.Report);
        var badOrigin = Doc(); badOrigin["tests"]![0]!["origin"] = "Probe Harness";
        var badStatus = Doc(); badStatus["tests"]![0]!["status"] = "XFAIL";
        var badPath = Doc(); badPath["tests"]![0]!["path"] = "a..b";
        var extra = Doc(); extra["tests"]![0]!["state"] = "PASS";
        var noBuild = Doc(); noBuild["tests"]![0]!.AsObject().Remove("build_id");
        var longExcerpt = Doc(); longExcerpt["tests"]![0]!["log_excerpt"] = new string('x', 16385);
        var badTime = Doc(); badTime["checkouts"]![0]!["start_time"] = "yesterday";
        var version = Doc(); version["version"]!["major"] = 4;
        foreach (var d in new[] { badOrigin, badStatus, badPath, extra, noBuild, longExcerpt, badTime, version })
            Assert.That(KcidbSchema.Errors(d), Is.Not.Empty, d.ToJsonString()[..Math.Min(200, d.ToJsonString().Length)]);
    }

    [TestCase(TestState.Pass, Culprit.None, "PASS")]
    [TestCase(TestState.XPass, Culprit.None, "PASS")]
    [TestCase(TestState.Fail, Culprit.Kernel, "FAIL")]
    [TestCase(TestState.Fail, Culprit.ProbeEngine, "ERROR")]
    [TestCase(TestState.KFail, Culprit.Kernel, "FAIL")]
    [TestCase(TestState.XFail, Culprit.ProbeEngine, "ERROR")]
    [TestCase(TestState.Unresolved, Culprit.Infrastructure, "MISS")]
    [TestCase(TestState.Unresolved, Culprit.None, "MISS")]
    [TestCase(TestState.Unsupported, Culprit.None, "SKIP")]
    public void Statuses_say_what_happened_to_the_kernel(TestState state, Culprit culprit, string status) =>
        Assert.That(KcidbStatus.Of(state, culprit), Is.EqualTo(status));

    [Test]
    public void A_crash_title_is_the_same_issue_in_every_run()
    {
        var a = KcidbExporter.Document(HostileRun.Report);
        var b = KcidbExporter.Document(HostileRun.Report with { Info = SampleRun.Info with { Id = "another-run" } });
        Assert.That(b["issues"]!.AsArray().Select(i => (string)i!["id"]!), Is.EqualTo(a["issues"]!.AsArray().Select(i => (string)i!["id"]!)));
        Assert.That(b["tests"]![0]!["id"]!.GetValue<string>(), Is.Not.EqualTo(a["tests"]![0]!["id"]!.GetValue<string>()));
    }

    [FsCheck.NUnit.Property(MaxTest = 100)]
    public Property Any_names_and_output_validate(string suite, string test, string arch, string engine, string output, TestState state, Culprit culprit, bool crashed)
    {
        var cell = new Cell(arch ?? "", "6.1.0-57-amd64", engine ?? "");
        var crash = crashed ? new CrashInfo(output ?? "", "BUG", culprit, false, null, output ?? "") : null;
        var r = new TestResult(suite ?? "", test ?? "", cell, state, culprit, output, TimeSpan.FromSeconds(1.5), (output ?? "") + new string('y', 20000), crash);
        var errors = KcidbSchema.Errors(KcidbExporter.Document(new RunReport(SampleRun.Info, [r], 1)));
        return (errors.Count == 0).Label(string.Join("\n", errors));
    }
}

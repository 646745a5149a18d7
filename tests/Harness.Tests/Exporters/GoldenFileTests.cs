using NUnit.Framework;
using ProbeHarness.Exporters;

namespace ProbeHarness.Tests.Exporters;

public class GoldenFileTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("ph-export-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Sum() => Check(new DejaGnuSumExporter(SampleRun.Options), "probes.sum");

    [Test]
    public void Log() => Check(new DejaGnuLogExporter(SampleRun.Options), "probes.log");

    [Test]
    public void JUnit() => Check(new JUnitExporter(), "junit.xml");

    [Test]
    public void MarkdownSummary() => Check(new MarkdownSummaryExporter(), "summary.md");

    private void Check(IExporter exporter, string file)
    {
        exporter.Export(SampleRun.Report, _dir);
        Golden.Verify(file, File.ReadAllText(Path.Combine(_dir, file)));
    }
}

using NUnit.Framework;
using ProbeHarness.Exporters;

namespace ProbeHarness.Tests.Exporters;

public class CompositeExporterTests
{
    private sealed class Broken : IExporter
    {
        public string Name => "broken";
        public void Export(RunReport report, string runDirectory) => throw new IOException("disk full");
    }

    [Test]
    public void OneBrokenExporterDoesNotStopTheOthers()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ph-composite-" + Guid.NewGuid().ToString("N"));
        try
        {
            var all = new CompositeExporter([new Broken(), new MarkdownSummaryExporter()]);
            var ex = Assert.Throws<AggregateException>(() => all.Export(SampleRun.Report, dir));
            Assert.That(ex!.InnerExceptions.Single().Message, Does.Contain("broken"));
            Assert.That(File.Exists(Path.Combine(dir, MarkdownSummaryExporter.FileName)), Is.True);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

using System.Text.Json;
using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

public class TriageCommandTests
{
    [Test]
    public void PrintsOneLinePerReport()
    {
        var file = Corpus.Cases().First(c => c.Arch == "x86_64" && c.Name == "null").Path;
        var output = new StringWriter();
        var code = TriageCommand.Run([file], json: false, output, "x86_64", null);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), Does.StartWith(
            $"{file}: BUG: unable to handle kernel NULL pointer dereference in crashmod_null | type=BUG culprit=Kernel corrupted=no"));
    }

    [Test]
    public void JsonIsOneArray()
    {
        var files = Corpus.Cases().Take(3).Select(c => c.Path).ToList();
        var output = new StringWriter();
        TriageCommand.Run(files, json: true, output, null, null);
        using var doc = JsonDocument.Parse(output.ToString());
        Assert.That(doc.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(doc.RootElement.GetArrayLength(), Is.GreaterThanOrEqualTo(3));
        Assert.That(doc.RootElement[0].GetProperty("title").GetString(), Is.Not.Empty);
    }

    [Test]
    public void MissingFileIsNamedAndExitsTwo()
    {
        var output = new StringWriter();
        Assert.That(TriageCommand.Run(["/nonexistent/console.log"], false, output, null, null), Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("/nonexistent/console.log"));
    }

    [Test]
    public void UnknownArchitectureIsRefusedWithExitTwo()
    {
        var file = Corpus.Cases().First(c => c.Arch == "x86_64" && c.Name == "null").Path;
        var output = new StringWriter();
        Assert.That(TriageCommand.Run([file], false, output, "mips", null), Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain("mips").And.Contain("x86_64"));
    }

    [Test]
    public void AnyNameOfAnArchitectureIsAccepted()
    {
        var file = Corpus.Cases().First(c => c.Arch == "arm64" && c.Name == "null").Path;
        Assert.That(TriageCommand.Run([file], false, new StringWriter(), "aarch64", null), Is.EqualTo(1));
    }
}

using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Fuzzing;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.Fuzzing;

/// <summary>The real stap of bookworm on a handful of generated scripts, through the shim, to pass 2: the generator's scripts parse and elaborate.</summary>
[Category("RealBuild")]
public class TranslatorRealTests
{
    private sealed class Quiet : IRunObserver { }

    [Test]
    public async Task Generated_scripts_pass_stap_parsing_and_elaboration()
    {
        var cache = HarnessCache.Default();
        await using var target = await TranslatorTarget.CreateAsync(cache, "x86_64", "bookworm", new Quiet(), CancellationToken.None);
        var kernelFunctions = FuzzVocabulary.KernelFunctionsOf(File.ReadLines(target.SystemMap));
        Assert.That(kernelFunctions, Has.Count.GreaterThan(10000));
        var vocabulary = FuzzVocabulary.Builtin with { KernelFunctions = kernelFunctions };
        var g = new ScriptGenerator(vocabulary);
        var outcomes = new List<(TranslatorOutcome, string)>();
        for (var i = 0; i < 6; i++)
        {
            var (o, r) = await target.RunAsync(FuzzRun.Generate(g, 2, i, 30), 2, $"real{i}", TimeSpan.FromMinutes(5), CancellationToken.None);
            outcomes.Add((o, r.Stderr));
        }
        Assert.That(outcomes.Where(o => o.Item1.Kind == "parse-error"), Is.Empty, "a generated script that does not parse is the generator's bug");
        Assert.That(outcomes.Count(o => o.Item1.Pass >= 2), Is.GreaterThanOrEqualTo(5), string.Join("\n---\n", outcomes.Select(o => o.Item2)));
    }
}

using NUnit.Framework;
using ProbeHarness.Fuzzing;

namespace ProbeHarness.Tests.Fuzzing;

public class MinimizerTests
{
    [Test]
    public async Task The_minimizer_keeps_the_signature_and_ends_one_minimal()
    {
        // A stand-in translator that "aborts" whenever an embedded-C function with a read pragma is called from a probe.
        static bool Fails(StapScript s)
        {
            var text = StapPrinter.Print(s);
            return text.Contains("pragma:read") && StapTree.Expressions(s).OfType<Call>().Any(c => c.Function == "f0");
        }
        var g = new ScriptGenerator(FuzzVocabulary.Builtin, guru: true);
        var failing = Enumerable.Range(0, 2000).Select(i => FuzzRun.Generate(g, 11, i, 30)).First(Fails);
        var checks = 0;
        var (small, used) = await Minimizer.MinimizeAsync(failing, (s, _) => { checks++; return Task.FromResult(Fails(s)); }, 5000, CancellationToken.None);
        Assert.That(Fails(small), Is.True);
        Assert.That(StapTree.Size(small), Is.LessThan(StapTree.Size(failing)));
        Assert.That(used, Is.EqualTo(checks));
        Assert.That(ScriptReducer.Candidates(small).Any(Fails), Is.False, "1-minimal: no single cut keeps the failure\n" + StapPrinter.Print(small));
        Assert.That(small.Decls.OfType<Probe>().Count(), Is.EqualTo(1), StapPrinter.Print(small));
    }

    [Test]
    public async Task The_budget_bounds_the_checks()
    {
        var s = FuzzRun.Generate(new ScriptGenerator(FuzzVocabulary.Builtin), 1, 0, 30);
        var (_, used) = await Minimizer.MinimizeAsync(s, (_, _) => Task.FromResult(true), 7, CancellationToken.None);
        Assert.That(used, Is.EqualTo(7));
    }
}

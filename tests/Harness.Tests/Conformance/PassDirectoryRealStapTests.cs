using NUnit.Framework;
using ProbeHarness.Conformance;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Conformance;

/// <summary>
/// The parse directories of the test tree through the installed stap (pass 1 needs no kernel and
/// takes well under a second a file), beside the fake-stap tests of the same path.
/// </summary>
public class PassDirectoryRealStapTests
{
    [Test]
    public async Task Parse_directories_pass_and_xfail_with_the_real_translator()
    {
        var stap = await StapRuntime.DetectAsync();
        var dir = TestTree.Scratch("real");
        // Pass 1 needs no kernel, but stap checks that -r names a tree: these three files satisfy it.
        var tree = Path.Combine(dir, "build");
        Directory.CreateDirectory(Path.Combine(tree, "include", "config"));
        File.WriteAllText(Path.Combine(tree, ".config"), "");
        File.WriteAllText(Path.Combine(tree, "Module.symvers"), "");
        File.WriteAllText(Path.Combine(tree, "include", "config", "kernel.release"), "6.1.0-56-amd64\n");
        var commands = new HostCommand(StapShim.Write(Path.Combine(dir, "bin"), stap.StapPath, ["-r", tree]), Path.Combine(dir, "cache"));
        var tests = PassDirectory.Load(TestTree.Testsuite).Where(t => t.Pass == 1).ToList();
        var results = await new PassDirectoryRunner(commands, 2, TimeSpan.FromMinutes(1)).RunAsync(tests, null, default);
        var states = results.ToDictionary(r => r.Test.Name, r => r.State);
        Assert.That(states, Is.EquivalentTo(new Dictionary<string, TestState>
        {
            ["parseok/begin.stp"] = TestState.Pass,
            ["parseok/heredoc.stp"] = TestState.Pass,
            ["parseko/missing_operand.stp"] = TestState.XFail,
            ["parseko/unbalanced.stp"] = TestState.XFail,
        }), string.Join("\n", results.Select(r => $"{r.Test.Name}: {r.State} {r.Reason}\n{r.Log}")));
    }
}

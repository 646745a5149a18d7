using NUnit.Framework;
using ProbeHarness.Conformance;
using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Conformance;

/// <summary>
/// The grammar the shim reads with (<see cref="StapOptions"/>) against the installed stap's own
/// getopt_long: each option is given without an argument, and with one, and getopt's own messages
/// ("requires an argument", "doesn't allow an argument", "unrecognized option") say what stap's
/// table holds. No script is given, so stap stops after parsing its options; it runs without the
/// capability to load modules all the same, with a private SYSTEMTAP_DIR.
/// </summary>
public class StapOptionsRealStapTests
{
    /// <summary>Options newer than the oldest stap the harness drives (4.8).</summary>
    private static readonly string[] Newer = ["language-server"];

    [Test]
    public async Task Every_option_takes_an_argument_exactly_as_the_installed_stap_reads_it()
    {
        var stap = await StapRuntime.DetectAsync();
        var dir = TestTree.Scratch("stap-options");
        var env = new Dictionary<string, string> { ["SYSTEMTAP_DIR"] = Path.Combine(dir, "stap") };
        async Task<string> Said(params string[] args) =>
            (await WithoutModuleLoading.RunAsync(stap.StapPath, args, TimeSpan.FromMinutes(1), default, dir, env)).Stderr;

        var seen = new List<string>();
        var expected = new List<string>();
        await Parallel.ForEachAsync(StapOptions.Long, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (o, _) =>
        {
            var bare = await Said($"--{o.Name}");
            var given = await Said($"--{o.Name}=x");
            var read = bare.Contains("unrecognized option") ? "absent"
                : bare.Contains("requires an argument") ? nameof(OptionArgument.Required)
                : given.Contains("doesn't allow an argument") ? nameof(OptionArgument.None)
                : nameof(OptionArgument.Optional);
            lock (seen)
            {
                seen.Add($"--{o.Name}: {read}");
                expected.Add($"--{o.Name}: {(read == "absent" && Newer.Contains(o.Name) ? "absent" : o.Argument.ToString())}");
            }
        });
        Assert.That(seen, Is.EquivalentTo(expected), $"stap {stap.Version}");

        var letters = StapOptions.Short.Where(c => c != ':').ToList();
        var shortSeen = new List<char>();
        await Parallel.ForEachAsync(letters, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, _) =>
        {
            if ((await Said($"-{c}")).Contains($"option requires an argument -- '{c}'")) lock (shortSeen) shortSeen.Add(c);
        });
        Assert.That(string.Concat(shortSeen.Order()), Is.EqualTo(string.Concat(StapOptions.ShortWithArgument.Order())));
        Assert.That((await Said("-Y")), Does.Contain("invalid option -- 'Y'"), "a letter outside the grammar is refused by stap too");
    }
}

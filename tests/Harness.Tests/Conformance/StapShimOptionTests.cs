using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

/// <summary>
/// The shim reads stap's command line as stap's getopt_long does: combined short options (-Wp2),
/// arguments attached or in the next word (-p2, -p 2, -Dp2 is a macro), long options with '=' or
/// the next word, unique abbreviations, permuted operands and `--`. Checked against a model of
/// getopt's rules over generated command lines, each run through the real shim and a fake stap.
/// </summary>
public class StapShimOptionTests
{
    private abstract record Item;
    private sealed record ShortFlag(char Letter, bool JoinPrevious) : Item;
    private sealed record ShortValue(char Letter, string Value, bool Attached, bool JoinPrevious) : Item;
    private sealed record LongOption(string Name, string Spelled, string? Value, bool Attached) : Item;
    private sealed record Operand(string Word) : Item;

    private sealed record CommandLine(IReadOnlyList<Item> Options, IReadOnlyList<string>? AfterEnd)
    {
        public IReadOnlyList<string> Words()
        {
            var words = new List<string>();
            var open = false; // the last word is a cluster of no-argument short options that can take one more letter
            foreach (var item in Options)
            {
                switch (item)
                {
                    case ShortFlag f:
                        if (open && f.JoinPrevious) words[^1] += f.Letter; else words.Add($"-{f.Letter}");
                        open = true;
                        break;
                    case ShortValue v:
                        if (open && v.JoinPrevious) words[^1] += v.Letter; else words.Add($"-{v.Letter}");
                        if (v.Attached) words[^1] += v.Value; else words.Add(v.Value);
                        open = false;
                        break;
                    case LongOption l:
                        if (l.Value is null) words.Add($"--{l.Spelled}");
                        else if (l.Attached) words.Add($"--{l.Spelled}={l.Value}");
                        else { words.Add($"--{l.Spelled}"); words.Add(l.Value); }
                        open = false;
                        break;
                    case Operand o:
                        words.Add(o.Word);
                        open = false;
                        break;
                }
            }
            if (AfterEnd is not null) words.AddRange(["--", .. AfterEnd]);
            return words;
        }

        /// <summary>What stap would do: the last -p decides; none means pass 5 (or pass 2 for a listing); -V/-h print and exit.</summary>
        public bool RunsOnHost()
        {
            string? pass = null;
            bool listing = false, print = false;
            foreach (var item in Options)
            {
                var (letter, name) = item switch { ShortFlag f => (f.Letter, ""), ShortValue v => (v.Letter, ""), LongOption l => ('\0', l.Name), _ => ('\0', "") };
                if (item is ShortValue { Letter: 'p' } p) pass = p.Value;
                if (letter is 'l' or 'L' || name.StartsWith("dump-", StringComparison.Ordinal)) listing = true;
                if (letter is 'V' or 'h' || name is "help" or "version") print = true;
            }
            return print || (pass is null ? listing : int.Parse(pass) != 5);
        }
    }

    private static readonly string[] Values = ["x", "-p5", "-p2", "p4", "--", "a b", "5", "-W", "-", "it's"];
    private static readonly string[] Passes = ["1", "2", "3", "4", "5", "04", "05"];
    private static readonly string[] Words = ["script.stp", "-", "arg", "p5", "a b", "x=y"];
    private static readonly string[] DashWords = ["-p4", "-p5", "--vp", "-W", "x", "--"];

    private static readonly string[] LongNames = StapOptions.Long.Select(o => o.Name).ToArray();

    /// <summary>The spellings getopt_long takes for a long option: the full name, or a prefix no other name starts with.</summary>
    private static string[] Spellings(string name) => Enumerable.Range(1, name.Length).Select(n => name[..n])
        .Where(p => p == name || LongNames.Count(x => x.StartsWith(p, StringComparison.Ordinal)) == 1).ToArray();

    private static Gen<Item> ItemGen()
    {
        var flags = StapOptions.Short.Where((c, i) => c != ':' && (i + 1 >= StapOptions.Short.Length || StapOptions.Short[i + 1] != ':')).ToArray();
        var withArg = StapOptions.ShortWithArgument.ToCharArray();
        var shortFlag = from c in Gen.Elements(flags) from joined in ArbMap.Default.GeneratorFor<bool>() select (Item)new ShortFlag(c, joined);
        var shortValue = from c in Gen.Elements(withArg)
                         from v in c == 'p' ? Gen.Elements(Passes) : Gen.Elements(Values)
                         from attached in ArbMap.Default.GeneratorFor<bool>()
                         from joined in ArbMap.Default.GeneratorFor<bool>()
                         select (Item)new ShortValue(c, v, attached && v.Length > 0, joined);
        var pass = from v in Gen.Elements(Passes)
                   from attached in ArbMap.Default.GeneratorFor<bool>()
                   from joined in ArbMap.Default.GeneratorFor<bool>()
                   select (Item)new ShortValue('p', v, attached, joined);
        var longOption = from o in Gen.Elements(StapOptions.Long.ToArray())
                         from spelled in Gen.Elements(Spellings(o.Name))
                         from v in Gen.Elements(Values)
                         from attached in ArbMap.Default.GeneratorFor<bool>()
                         select (Item)(o.Argument switch
                         {
                             OptionArgument.None => new LongOption(o.Name, spelled, null, false),
                             OptionArgument.Required => new LongOption(o.Name, spelled, v, attached),
                             _ => new LongOption(o.Name, spelled, attached ? v : null, true),
                         });
        var operand = Gen.Elements(Words).Select(w => (Item)new Operand(w));
        return Gen.Frequency((3, shortFlag), (3, shortValue), (3, pass), (3, longOption), (2, operand));
    }

    private static Gen<CommandLine> CommandLines() =>
        from items in ItemGen().ListOf().Select(l => l.Take(8).ToList())
        from end in Gen.Elements(DashWords).ListOf().Select(l => l.Take(3).ToArray())
        from hasEnd in ArbMap.Default.GeneratorFor<bool>()
        select new CommandLine(items, hasEnd ? end : null);

    [Test]
    public void The_shim_reads_any_command_line_as_getopt_long_does()
    {
        var (shim, dir) = Setup();
        Prop.ForAll(CommandLines().ToArbitrary(), line =>
        {
            var words = line.Words();
            var r = ProbeHarness.Processes.Tool.RunAsync(shim, words, TimeSpan.FromMinutes(2), default, dir).GetAwaiter().GetResult();
            var label = $"stap {string.Join(' ', words.Select(w => $"[{w}]"))} -> exit {r.ExitCode}: {r.Stdout}{r.Stderr}";
            return (line.RunsOnHost()
                ? r.ExitCode == 0 && r.Stdout == Echoed(["-r", "/k/build", .. words])
                : r.ExitCode == PassTestJudge.RefusedPassFive && r.Stdout.Length == 0).Label(label);
        }).QuickCheckThrowOnFailure();
    }

    [TestCase("-Wp2", true)]
    [TestCase("-p2 -W", true)]
    [TestCase("-vp4", true)]
    [TestCase("-p 2", true)]
    [TestCase("-gp4 -c 'sleep 1'", true)]
    [TestCase("--vp 01 -p3", true)]
    [TestCase("--vp=01", false)]
    [TestCase("--vp -p3", false)] // --vp takes -p3 as its argument
    [TestCase("-Dp2", false)] // a macro named p2
    [TestCase("-ep4", false)] // a script that reads "p4"
    [TestCase("-Gp=4 -c 'sleep 1'", false)]
    [TestCase("-- -p4", false)] // after --, -p4 is the script's argument
    [TestCase("-p4 -p5", false)]
    [TestCase("-p5 -p4", true)]
    [TestCase("-l 'kernel.function(\"x\")'", true)]
    [TestCase("--dump-functions", true)]
    [TestCase("--dump-f", true)] // a unique abbreviation
    [TestCase("-l x -p5", false)]
    [TestCase("-V", true)]
    [TestCase("--vers", true)]
    [TestCase("-p 7", true)] // stap refuses it itself
    [TestCase("-p ' 4'", false)] // in doubt, not on the host
    [TestCase("-p 4294967301", false)] // reads as 5 once stap truncates it to an int
    public async Task Examples(string options, bool onHost)
    {
        var (shim, dir) = Setup();
        var r = await new HostCommand(Path.GetDirectoryName(shim)!, Path.Combine(dir, "cache"))
            .ShellAsync($"stap {options} x.stp", dir, TimeSpan.FromMinutes(1), default);
        Assert.That(r.ExitCode, Is.EqualTo(onHost ? 0 : PassTestJudge.RefusedPassFive), r.Stdout + r.Stderr);
        if (onHost) Assert.That(r.Stdout, Does.StartWith(Echoed(["-r", "/k/build"])).And.EndWith("[x.stp]\n"));
    }

    [TestCase("--v")] // ambiguous: --vp or --version
    [TestCase("--rlimit=1")] // ambiguous: five --rlimit-* options
    [TestCase("-z")]
    [TestCase("--no-such-option")]
    [TestCase("-p")]
    public async Task A_command_line_stap_would_refuse_is_refused_without_running_anything(string options)
    {
        var (shim, dir) = Setup();
        var r = await ProbeHarness.Processes.Tool.RunAsync(shim, [.. ShellWords.Split(options)], TimeSpan.FromMinutes(1), default, dir);
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stdout, Is.Empty);
        Assert.That(r.Stderr, Does.Contain("stap's option parser refuses"));
    }

    [Test]
    public async Task Record_mode_builds_to_pass_four_before_the_end_of_options()
    {
        var (shim, dir) = Setup(fakeKo: true);
        var record = Directory.CreateDirectory(Path.Combine(dir, "record")).FullName;
        var c = new HostCommand(Path.GetDirectoryName(shim)!, Path.Combine(dir, "cache"), record);
        var r = await c.ShellAsync("stap -v --use-server -c 'sleep 1' x.stp -- -p5 arg", dir, TimeSpan.FromMinutes(1), default);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(dir, "calls")), Is.EqualTo(
            Echoed(["-r", "/k/build", "-v", "--use-server", "-c", "sleep 1", "-p4", "--", "x.stp", "-p5", "arg"])));
        Assert.That(File.ReadAllText(Path.Combine(record, "1.args")), Is.EqualTo("-c sleep\\ 1 /tmp/ph/mods/m.ko "));
    }

    [Test]
    public void The_grammar_lists_each_short_option_once_and_each_long_name_once()
    {
        var letters = StapOptions.Short.Where(c => c != ':').ToList();
        Assert.That(letters, Is.Unique);
        Assert.That(LongNames, Is.Unique);
        Assert.That(StapOptions.ShortWithArgument, Is.EqualTo("pIeEoRramcxDsldLSBJGT"));
        Assert.That(StapOptions.ShortWithArgument, Does.Not.Contain("W"), "-W (warnings are errors) takes no argument");
    }

    private static string Echoed(IEnumerable<string> args) => string.Concat(args.Select(a => $"[{a}]\n"));

    private static (string Shim, string Dir) Setup(bool fakeKo = false)
    {
        var dir = TestTree.Scratch("shim-options");
        var fake = Path.Combine(dir, "fake-stap");
        File.WriteAllText(fake, fakeKo
            ? "#!/bin/sh\nfor a; do echo \"[$a]\"; done > \"$(dirname \"$0\")/calls\"\ntouch \"$(dirname \"$0\")/m.ko\"\necho \"$(dirname \"$0\")/m.ko\"\n"
            : "#!/bin/sh\nfor a; do echo \"[$a]\"; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var bin = StapShim.Write(Path.Combine(dir, "bin"), fake, ["-r", "/k/build"]);
        return (Path.Combine(bin, "stap"), dir);
    }
}

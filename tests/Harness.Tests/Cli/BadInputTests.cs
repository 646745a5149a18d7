using NUnit.Framework;
using ProbeHarness.Cli;
using ProbeHarness.Results;
using Spectre.Console.Testing;

namespace ProbeHarness.Tests.Cli;

/// <summary>
/// Every bad input of every command, through the whole command line in-process: exit 2, one line
/// on stderr naming the input, nothing on stdout, and no run directory or history row left behind.
/// Nothing here downloads or boots: each input is refused before the run starts.
/// </summary>
public class BadInputTests
{
    private string _dir = "";
    private string Out => Path.Combine(_dir, "out");
    private string Db => Path.Combine(_dir, "history.sqlite");

    [SetUp]
    public void MakeDir()
    {
        _dir = Directory.CreateTempSubdirectory("ph-badinput-").FullName;
        Directory.CreateDirectory(Out);
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<TestCaseData> RunInputs()
    {
        TestCaseData Case(string words, params string[] args) => new TestCaseData(args, words).SetArgDisplayNames(string.Join(' ', args));
        yield return Case("unknown engine 'foo'", "--engine", "foo");
        yield return Case("--stap-testsuite /nonexistent", "--stap-testsuite", "/nonexistent");
        yield return Case("--jobs must be at least 1, not 0", "--jobs", "0");
        yield return Case("--jobs must be at least 1, not -2", "--jobs", "-2");
        yield return Case("'xx' after 6.1.0 is neither an ABI number", "--kernel", "bookworm:6.1.0-xx");
        yield return Case("'xx' after 6.1.0-56 is neither an ABI number", "--kernel", "bookworm:6.1.0-56-xx");
        yield return Case("'xx' is neither an ABI nor a known flavor", "--kernel", "bookworm:xx");
        yield return Case("'buster' is not a known distribution", "--kernel", "buster");
        yield return Case("flavor 'cloud' is not one of riscv64's flavors", "--arch", "riscv64", "--kernel", "trixie:cloud");
        yield return Case("no file or directory ./no-such-kernel", "--kernel", "./no-such-kernel");
        yield return Case("bookworm has no riscv64 kernels; riscv64 kernels come from trixie", "--arch", "riscv64");
        yield return Case("SystemTap's own suites run systemtap only", "--suite", "stap-examples", "--engine", "kprobe_events");
        yield return Case("unknown architecture 'mips'", "--arch", "mips");
        yield return Case("no suite 'no-such-suite'", "--suite", "no-such-suite");
        yield return Case("--host-only applies to SystemTap's own suites", "--host-only");
        yield return Case("--fresh applies to SystemTap's own suites", "--fresh");
        yield return Case("bad regular expression '('", "--suite", "stap-examples", "--only", "(");
        yield return Case("--parallel applies to --matrix runs only", "--parallel", "2");
        yield return Case("no matrix 'no-such-matrix'", "--matrix", "no-such-matrix");
        yield return Case("--parallel must be at least 1, not 0", "--matrix", "full", "--parallel", "0");
        yield return Case("--arch cannot go with it", "--matrix", "full", "--arch", "arm64");
        yield return Case("--engine cannot go with it", "--matrix", "full", "--engine", "systemtap");
        yield return Case("--shard applies to --matrix runs only", "--shard", "0/2");
        yield return Case("--shard '4/4': the shard index counts from 0 and must be below 4", "--matrix", "full", "--shard", "4/4");
        yield return Case("--shard 'x': expected I/N", "--matrix", "full", "--shard", "x");
        yield return Case("--run-id applies to --matrix runs only", "--run-id", "r1");
        yield return Case("--run-id 'a b': letters, digits", "--matrix", "full", "--run-id", "a b");
        yield return Case("no suite 'no-such-suite'", "--matrix", "full", "--suite", "no-such-suite");
        yield return Case("--suite and --stap-testsuite each name what to run", "--suite", "smoke", "--stap-testsuite", "/tmp");
        yield return Case("Unknown option 'colour'", "--colour", "red");
        yield return Case("Unknown option 'out2'", "--out2", "x");
    }

    [TestCaseSource(nameof(RunInputs))]
    public async Task Run_refuses_before_anything_starts(string[] args, string words)
    {
        var (exit, stdout, stderr) = await Harness(["run", .. args, "--out", Out, "--db", Db]);
        AssertRefused(exit, stdout, stderr, words);
    }

    [Test]
    public async Task A_bad_matrix_file_names_its_file_and_line()
    {
        var file = Path.Combine(_dir, "m.yaml");
        File.WriteAllText(file, "matrix: m\nsuite: smoke\narches: [x86_64]\nkernels: [bookworm, 'bookworm:6.1.0-5x']\nengines: [systemtap]\n");
        var (exit, stdout, stderr) = await Harness(["run", "--matrix", file, "--out", Out, "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"{file}:4:");
        File.WriteAllText(file, "matrix: m\nsuite: smoke\narches: [x86_64]\nkernels: [bookworm]\nengines: [systemtap, dtrace]\n");
        (exit, stdout, stderr) = await Harness(["run", "--matrix", file, "--out", Out, "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"{file}:5: unknown engine 'dtrace'");
    }

    [TestCase("engines: [systemtap, dtrace]", "test 'one': unknown engine 'dtrace'")]
    [TestCase("arches: [x86_64, mips]", "unknown architecture 'mips'")]
    [TestCase("when: {arches: [mipsel]}", "unknown architecture 'mipsel'")]
    public async Task A_bad_suite_file_names_its_file_and_line(string line, string words)
    {
        var suite = WriteSuite($"""
            suite: s
            tests:
              - name: one
                script: a.stp
                {line}
                expect: {"{exit: 0}"}
            """);
        var (exit, stdout, stderr) = await Harness(["run", "--suite", suite, "--out", Out, "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"{Path.Combine(suite, "suite.yaml")}:5: {words}");
    }

    [Test]
    public async Task A_bad_crash_title_regex_in_a_suite_names_its_line()
    {
        var suite = WriteSuite("""
            suite: s
            tests:
              - name: one
                script: a.stp
                expect:
                  crash: {culprit: kernel, title-matches: "BUG: ("}
            """);
        var (exit, stdout, stderr) = await Harness(["run", "--suite", suite, "--out", Out, "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"{Path.Combine(suite, "suite.yaml")}:6: title-matches: bad regular expression");
    }

    [Test]
    public async Task A_corrupt_history_is_one_line_and_no_run_directory()
    {
        File.WriteAllText(Db, string.Concat(Enumerable.Repeat("not a database at all\n", 100)));
        var (exit, stdout, stderr) = await Harness(["run", "--out", Out, "--db", Db]);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(Lines(stderr), Is.EqualTo(new[] { $"harness: history database {Db}: SQLite Error 26: 'file is not a database'." }));
            Assert.That(Directory.EnumerateFileSystemEntries(Out), Is.Empty);
        });
        (exit, stdout, stderr) = await Harness(["report", "--db", Db]);
        Assert.That((exit, Lines(stderr).Length, stdout), Is.EqualTo((2, 1, "")), stderr);
    }

    private static IEnumerable<TestCaseData> OtherCommands()
    {
        TestCaseData Case(string words, params string[] args) => new TestCaseData(args, words).SetArgDisplayNames(string.Join(' ', args));
        yield return Case("--arch: unknown architecture 'mips'", "triage", "--arch", "mips", "/etc/hostname");
        yield return Case("/no/such/console.log: no such file or folder", "triage", "/no/such/console.log");
        yield return Case("--system-map /no/such/map: no such file", "triage", "--system-map", "/no/such/map", "/etc/hostname");
        yield return Case("--system-map /no/such/map: no such file", "triage", "--json", "--system-map", "/no/such/map", "/etc/hostname");
        yield return Case("--arch: unknown architecture 'mips'", "corpus", "--arch", "mips", "--list");
        yield return Case("'xx' after 6.1.0 is neither", "corpus", "--kernel", "bookworm:6.1.0-xx", "--list");
        yield return Case("corpus: no case no-such-case for x86_64", "corpus", "no-such-case");
        yield return Case("--cases /no/such.yaml: no such file", "corpus", "--cases", "/no/such.yaml", "--list");
        yield return Case("--runs must be at least 1, not 0", "bench", "boot", "--runs", "0");
        yield return Case("--arch: unknown architecture 'vax'", "bench", "boot", "--arch", "vax");
        yield return Case("--reps must be at least 2, not 1", "bench", "overhead", "--reps", "1");
        yield return Case("--calls must be at least 1, not 0", "bench", "overhead", "--calls", "0");
        yield return Case("--only: bad regular expression '['", "bench", "conformance", "--only", "[");
        yield return Case("--jobs must be at least 1, not 0", "bench", "conformance", "--jobs", "0");
        yield return Case("--chunk must be at least 1, not 0", "bench", "triage", "--chunk", "0");
        yield return Case("--corpus /no/such/dir: no such folder", "bench", "triage", "--corpus", "/no/such/dir");
        yield return Case("--max-scripts: at least 1", "fuzz", "--max-scripts", "0");
        yield return Case("--syscall: 'chmod' is not in the data; known: open, mkdir", "explore", "--syscall", "chmod");
        yield return Case("--function: 'vfs_read' is not in the data", "explore", "--syscall", "open", "--function", "vfs_read");
        yield return Case("--max-steps: at least 1", "explore", "--max-steps", "0");
        yield return Case("--data /no/such.yaml: no such file", "explore", "--data", "/no/such.yaml");
        yield return Case("Unknown command 'frobnicate'", "frobnicate");
    }

    [TestCaseSource(nameof(OtherCommands))]
    public async Task Other_commands_refuse_bad_input_in_one_line(string[] args, string words)
    {
        var (exit, stdout, stderr) = await Harness(args);
        AssertRefused(exit, stdout, stderr, words);
    }

    [Test]
    public async Task Report_of_an_unknown_run_or_a_missing_history_exits_2_on_stderr()
    {
        var (exit, stdout, stderr) = await Harness(["report", "no-such-run", "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"no history database at {Db}");
        using (ResultStores.Open(Db)) { }
        (exit, stdout, stderr) = await Harness(["report", "no-such-run", "--db", Db]);
        AssertRefused(exit, stdout, stderr, $"no run 'no-such-run' in {Db}");
    }

    private void AssertRefused(int exit, string stdout, string stderr, string words)
    {
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2), stderr);
            Assert.That(Lines(stderr), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("harness: ").And.Contain(words));
            Assert.That(stdout, Is.Empty);
            Assert.That(Directory.EnumerateFileSystemEntries(Out), Is.Empty, "no run directory");
            if (File.Exists(Db))
            {
                using var store = ResultStores.Open(Db);
                Assert.That(store.Runs(), Is.Empty, "no history row");
            }
        });
    }

    private string WriteSuite(string yaml)
    {
        var suite = Path.Combine(_dir, "suite");
        Directory.CreateDirectory(suite);
        File.WriteAllText(Path.Combine(suite, "a.stp"), "probe begin { exit() }\n");
        File.WriteAllText(Path.Combine(suite, "suite.yaml"), yaml);
        return suite;
    }

    private static string[] Lines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public async Task Commands_print_through_the_console_they_are_given()
    {
        var db = Path.Combine(_dir, "h.sqlite");
        using (var store = ResultStores.Open(db))
            store.BeginRun(new Verdicts.RunInfo("a-run-with-a-long-name", "smoke", DateTimeOffset.UtcNow, "host", _dir, "0"));
        var writer = new StringWriter();
        var exit = await HarnessApp.RunAsync(["report", "--db", db], TerminalConsole.For(writer, isTerminal: false),
            new CliStreams(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(writer.ToString(), Does.Contain("a-run-with-a-long-name"), "the run list went to the given console, not the process's");
    }

    /// <summary>The command line as Program.cs runs it, on a test console and string streams.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> Harness(string[] args)
    {
        var console = new TestConsole();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await HarnessApp.RunAsync(args, console, new CliStreams(stdout, stderr), CancellationToken.None);
        return (exit, console.Output + stdout, stderr.ToString());
    }
}

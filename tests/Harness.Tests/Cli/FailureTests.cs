using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Cli;
using ProbeHarness.Kernels;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;
using Spectre.Console;

namespace ProbeHarness.Tests.Cli;

/// <summary>How a command that fails ends: one line, the documented exit code, and its run closed as aborted.</summary>
public class FailureTests
{
    private string _dir = "";

    [SetUp]
    public void MakeDir() => _dir = Directory.CreateTempSubdirectory("ph-failure-").FullName;

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    private RunOptions Options => new() { OutDirectory = Path.Combine(_dir, "runs"), Database = Path.Combine(_dir, "h.sqlite") };

    /// <summary>A run that dies mid-way, as HarnessRun does when the infrastructure fails under it, and the CLI's handler after it.</summary>
    private (int Exit, string Stderr, string RunId, string RunDir) FailARun(Exception failure, bool interrupted = false)
    {
        var stderr = new StringWriter();
        using var cts = new CancellationTokenSource();
        if (interrupted) cts.Cancel();
        string id = "", dir = "";
        try
        {
            using var book = RunBook.Open(Options, new HarnessCache(Path.Combine(_dir, "cache")), "smoke", "x86_64", new NoObserver());
            (id, dir) = (book.Info.Id, book.Directory);
            book.Record(new TestResult("smoke", "first", new Cell("x86_64", "6.1.0-56-amd64", "kprobe_events"), TestState.Pass,
                Culprit.None, null, TimeSpan.FromSeconds(1), "ok"));
            throw failure;
        }
        catch (Exception e)
        {
            return (HarnessApp.Fail(e, new CliStreams(new StringWriter(), stderr), cts.Token), stderr.ToString(), id, dir);
        }
    }

    private sealed class NoObserver : IRunObserver;

    [Test]
    public void An_infrastructure_failure_is_one_line_exit_2_and_the_run_is_closed_as_aborted_with_it()
    {
        var (exit, stderr, id, dir) = FailARun(new InfrastructureException("mirror said 503\n\u001b[31mretry later\u001b[0m"));
        using var store = ResultStores.Open(Options.Database!);
        var end = store.EndOf(id);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(stderr, Is.EqualTo("harness: failed (infrastructure): mirror said 503 retry later" + Environment.NewLine));
            Assert.That(end, Is.Not.Null);
            Assert.That(end!.ExitCode, Is.EqualTo(2));
            Assert.That(end.Aborted, Is.EqualTo("harness: failed (infrastructure): mirror said 503 retry later"));
            Assert.That(store.Results(id).Select(r => r.Test), Is.EqualTo(new[] { "first" }), "what was judged stays");
            Assert.That(File.ReadAllText(Path.Combine(dir, "smoke.sum")), Does.Contain("PASS: first"), "and gets its files");
        });
    }

    [Test]
    public void Ctrl_c_exits_130_and_the_run_says_it_was_interrupted()
    {
        var (exit, stderr, id, _) = FailARun(new OperationCanceledException(), interrupted: true);
        using var store = ResultStores.Open(Options.Database!);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(130));
            Assert.That(stderr.TrimEnd(), Is.EqualTo("harness: interrupted"));
            Assert.That(store.EndOf(id), Is.EqualTo(new RunEnd(130, store.EndOf(id)!.Finished, "harness: interrupted")));
        });
    }

    [Test]
    public void A_bug_of_the_harness_names_its_kind_on_one_line()
    {
        var (exit, stderr, _, _) = FailARun(new InvalidOperationException("Sequence contains no elements"));
        Assert.That((exit, stderr.TrimEnd()), Is.EqualTo((2, "harness: failed (InvalidOperationException): Sequence contains no elements")));
    }

    [Test]
    public async Task A_matrix_group_explains_its_own_aborted_run_and_no_other()
    {
        var cache = new HarnessCache(Path.Combine(_dir, "cache"));
        async Task<string> GroupAsync(string arch, string? why)
        {
            using var aborted = AbortedRuns.Scope();
            await Task.Yield();
            string id;
            using (var book = RunBook.Open(Options, cache, "smoke", arch, new NoObserver())) id = book.Info.Id;
            if (why is not null) aborted.Explain(why);
            return id;
        }
        var ids = await Task.WhenAll(GroupAsync("x86_64", "group failed: mirror down"), GroupAsync("arm64", null));
        using var store = ResultStores.Open(Options.Database!);
        Assert.Multiple(() =>
        {
            Assert.That(store.EndOf(ids[0])!.Aborted, Is.EqualTo("group failed: mirror down"));
            Assert.That(store.EndOf(ids[1])!.Aborted, Is.EqualTo("the harness stopped before the run finished"),
                "another group's run keeps its own (here generic) reason");
        });
        AbortedRuns.Explain("harness: interrupted", 130);
        Assert.That(store.EndOf(ids[1])!.Aborted, Is.EqualTo("harness: interrupted"), "what a group left unexplained, the CLI explains");
        Assert.That(store.EndOf(ids[0])!.Aborted, Is.EqualTo("group failed: mirror down"));
    }

    [Test]
    public void A_finished_run_is_not_touched_by_a_later_failure()
    {
        using (var book = RunBook.Open(Options, new HarnessCache(Path.Combine(_dir, "cache")), "smoke", "x86_64", new NoObserver()))
            book.Finish();
        HarnessApp.Fail(new IOException("disk full"), new CliStreams(TextWriter.Null, TextWriter.Null), CancellationToken.None);
        using var store = ResultStores.Open(Options.Database!);
        Assert.That(store.EndOf(store.Runs().Single().Id)!.Aborted, Is.Null);
    }

    [Test]
    public void Lines_are_whole_when_the_output_is_not_a_terminal()
    {
        var writer = new StringWriter();
        var console = TerminalConsole.For(writer, isTerminal: false);
        var line = string.Join(' ', Enumerable.Repeat("word", 100));
        console.MarkupLine(Markup.Escape(line));
        new ConsoleProgress(console).Phase("x86_64", line);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0].TrimEnd(), Is.EqualTo(line));
        Assert.That(lines[1], Does.EndWith(line));
    }

    [Test]
    public void Progress_shows_guest_text_without_its_escape_sequences()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(TerminalConsole.For(writer, isTerminal: false));
        progress.Phase("x86_64", "booting \u001b[2J\u001b[1;1Hkernel\u001bc");
        progress.TestFinished(new TestResult("smoke", "t\u001b]0;title\u0007", new Cell("x86_64", "k", "e"), TestState.Fail, Culprit.Kernel,
            "oops \u001b[31mred\u001b[0m\r\nnext line", TimeSpan.Zero, ""));
        var text = writer.ToString();
        Assert.That(text, Does.Not.Contain("\u001b").And.Not.Contain("\u0007").And.Not.Contain("\r"));
        Assert.That(text, Does.Contain("booting kernel").And.Contain("FAIL: t").And.Contain("oops red next line"));
    }
}

using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Caching;
using ProbeHarness.Conformance;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Conformance;

public class RememberedResultsTests
{
    private static ToolResult Result(int exit, bool timedOut = false) =>
        new("stap -p4 x.stp", exit, "out\n", "semantic error: no match\n", TimeSpan.FromSeconds(2), timedOut);

    [Test]
    public void A_rejection_is_remembered_and_says_so()
    {
        var tree = TestTree.Scratch("mem-tree");
        var m = new RememberedResults(TestTree.Scratch("mem"), tree, "ctx");
        var key = m.KeyOf("shim", "/bin/sh", ["-c", "stap -p4 x.stp"], Path.Combine(tree, "general"));
        Assert.That(m.Find(key), Is.Null);
        m.Store(key, Result(1));
        var r = m.Find(key)!;
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(1));
            Assert.That(r.Stdout, Is.EqualTo("out\n"));
            Assert.That(r.Stderr, Does.StartWith("semantic error: no match\n").And.Contain("remembered"));
        });
    }

    [Test]
    public void A_remembered_message_names_this_runs_tree_not_the_tree_of_the_run_that_stored_it()
    {
        var store = TestTree.Scratch("mem");
        var first = TestTree.Scratch("mem-first");
        var second = TestTree.Scratch("mem-second");
        var a = new RememberedResults(store, first, "ctx");
        a.Store(a.KeyOf("shim", "/bin/sh", ["-c", "x"], first),
            Result(1) with { Stderr = $"semantic error: at {first}/general/x.stp:3:1\n", Stdout = $"{first}/general\n" });
        var b = new RememberedResults(store, second, "ctx");
        var r = b.Find(b.KeyOf("shim", "/bin/sh", ["-c", "x"], second))!;
        Assert.That(r.Stderr, Does.StartWith($"semantic error: at {second}/general/x.stp:3:1\n").And.Not.Contain(first));
        Assert.That(r.Stdout, Is.EqualTo($"{second}/general\n"));
    }

    [TestCase(0, true)]
    [TestCase(139, false)]
    [TestCase(-1, false)]
    public void Timeouts_and_signals_are_never_remembered(int exit, bool timedOut)
    {
        var m = new RememberedResults(TestTree.Scratch("mem"), TestTree.Scratch("mem-tree"), "ctx");
        var key = m.KeyOf("shim", "/bin/sh", ["-c", "x"], "/");
        m.Store(key, Result(exit, timedOut));
        Assert.That(m.Find(key), Is.Null);
    }

    [Test]
    public void A_damaged_entry_is_run_again()
    {
        var dir = TestTree.Scratch("mem");
        var m = new RememberedResults(dir, TestTree.Scratch("mem-tree"), "ctx");
        var key = m.KeyOf("shim", "/bin/sh", ["-c", "x"], "/");
        File.WriteAllText(Path.Combine(dir, key + ".json"), "{ not json");
        Assert.That(m.Find(key), Is.Null);
    }

    [FsCheck.NUnit.Property]
    public Property Keys_follow_the_inputs_and_not_where_the_tree_was_copied(NonEmptyString line, NonEmptyString other)
    {
        var a = new RememberedResults("/tmp/ph-unused-a", "/tmp/run-1/examples", "ctx");
        var b = new RememberedResults("/tmp/ph-unused-b", "/tmp/run-2/examples", "ctx");
        var c = new RememberedResults("/tmp/ph-unused-c", "/tmp/run-1/examples", "other context");
        string Key(RememberedResults m, string root, string l, string shim = "shim") => m.KeyOf(shim, "/bin/sh", ["-c", l], $"{root}/io");
        var same = Key(a, "/tmp/run-1/examples", line.Get) == Key(b, "/tmp/run-2/examples", line.Get);
        var contextMatters = Key(a, "/tmp/run-1/examples", line.Get) != Key(c, "/tmp/run-1/examples", line.Get);
        var shimMatters = Key(a, "/tmp/run-1/examples", line.Get) != Key(a, "/tmp/run-1/examples", line.Get, "another shim");
        var lineMatters = line.Get == other.Get || Key(a, "/tmp/run-1/examples", line.Get) != Key(a, "/tmp/run-1/examples", other.Get);
        return (same && contextMatters && shimMatters && lineMatters).ToProperty();
    }

    [Test]
    public void Tree_fingerprint_changes_with_content_mode_and_names()
    {
        var t = TestTree.Scratch("fp");
        File.WriteAllText(Path.Combine(t, "a.stp"), "probe begin { exit() }");
        var first = FileTree.Key(t, withModes: true);
        Assert.That(FileTree.Key(t, withModes: true), Is.EqualTo(first));
        File.WriteAllText(Path.Combine(t, "a.stp"), "probe end { exit() }");
        var second = FileTree.Key(t, withModes: true);
        File.SetUnixFileMode(Path.Combine(t, "a.stp"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var third = FileTree.Key(t, withModes: true);
        File.Move(Path.Combine(t, "a.stp"), Path.Combine(t, "b.stp"));
        var fourth = FileTree.Key(t, withModes: true);
        Assert.That(new[] { first, second, third, fourth }.Distinct().Count(), Is.EqualTo(4));
    }

    [Test]
    public async Task A_host_command_with_memory_runs_once_per_inputs_and_never_in_record_mode()
    {
        var tree = TestTree.Scratch("mem-run");
        var counter = Path.Combine(TestTree.Scratch("mem-count"), "runs");
        var shim = TestTree.Scratch("mem-shim");
        File.WriteAllText(Path.Combine(shim, "stap"), "#!/bin/sh\nexit 0\n");
        var memory = new RememberedResults(TestTree.Scratch("mem"), tree, "ctx");
        var plain = new HostCommand(shim, TestTree.Scratch("stapdir")) { Memory = memory };
        var line = $"echo run >> '{counter}'; echo 'semantic error: no match' >&2; exit 1";
        var first = await plain.ShellAsync(line, tree, TimeSpan.FromSeconds(30), CancellationToken.None);
        var second = await plain.ShellAsync(line, tree, TimeSpan.FromSeconds(30), CancellationToken.None);
        var recording = plain with { RecordDirectory = TestTree.Scratch("record") };
        await recording.ShellAsync(line, tree, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(1));
            Assert.That(second.ExitCode, Is.EqualTo(1));
            Assert.That(second.Stderr, Does.Contain("remembered"));
            Assert.That(File.ReadAllLines(counter), Has.Length.EqualTo(2), "once plain, once recording");
        });
    }

    [Test]
    public async Task The_shim_run_as_a_program_is_remembered_across_runs_whose_shims_live_elsewhere()
    {
        var tree = TestTree.Scratch("mem-run2");
        var memory = new RememberedResults(TestTree.Scratch("mem"), tree, "ctx");
        var file = Path.Combine(tree, "t.stp");
        File.WriteAllText(file, "probe begin { exit() }");
        ToolResult? last = null;
        foreach (var run in new[] { "run-1", "run-2" })
        {
            var shim = TestTree.Scratch(run);
            File.WriteAllText(Path.Combine(shim, "stap"), "#!/bin/sh\necho built\n");
            File.SetUnixFileMode(Path.Combine(shim, "stap"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var c = new HostCommand(shim, TestTree.Scratch("stapdir")) { Memory = memory, ShimKey = "same target" };
            last = await c.RunAsync(c.Stap, ["-p4", file], tree, TimeSpan.FromSeconds(30), CancellationToken.None);
        }
        Assert.That(last!.Stderr, Does.Contain("remembered"));
    }
}

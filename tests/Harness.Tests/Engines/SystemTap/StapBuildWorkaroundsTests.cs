using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Engines.SystemTap;

namespace ProbeHarness.Tests.Engines.SystemTap;

public class StapBuildWorkaroundsTests
{
    private const string CountArgs = "stap-5.1-tracequery-count-args";

    private static StapBuildWorkarounds Table() => StapBuildWorkarounds.Default();

    [Test]
    public void Stap_5_1_on_6_12_silences_warnings_for_the_tracepoint_query()
    {
        Assert.Multiple(() =>
        {
            foreach (var release in new[] { "6.12.118+deb13-amd64", "6.12.118+deb13-arm64", "6.12.117+deb12-amd64", "6.12.118+deb13-riscv64" })
            {
                Assert.That(Table().For("5.1", release).Select(w => w.Id), Is.EqualTo(new[] { CountArgs }), release);
                Assert.That(Table().ArgsFor("5.1", release), Is.EqualTo(new[] { "-B", "KCFLAGS=-w" }), release);
            }
            var w = Table().All.Single(x => x.Id == CountArgs);
            Assert.That(w.Reason, Does.Contain("COUNT_ARGS"));
            Assert.That(w.Bug, Is.Not.Empty);
        });
    }

    [Test]
    public void Stap_4_8_and_6_1_kernels_get_nothing()
    {
        Assert.That(Table().ArgsFor("4.8", "6.1.0-57-amd64"), Is.Empty);
        Assert.That(Table().ArgsFor("5.1", "6.1.0-57-amd64"), Is.Empty);
        Assert.That(Table().ArgsFor("4.8", "6.12.118+deb13-amd64"), Is.Empty);
    }

    [FsCheck.NUnit.Property]
    public Property No_6_1_release_gets_a_workaround() =>
        Prop.ForAll(Gen.Choose(1, 200).ToArbitrary(), abi => Table().ArgsFor("5.1", $"6.1.0-{abi}-amd64").Count == 0
            && Table().ArgsFor("4.8", $"6.1.0-{abi}-arm64").Count == 0);

    private const string Good = """
        workarounds:
          - id: a
            engine-versions: "5.1"
            kernels: ">=6.12"
            args: ["-B", "KCFLAGS=-w"]
            reason: why
            bug: where
        """;

    [Test]
    public void A_well_formed_table_parses()
    {
        var t = StapBuildWorkarounds.Parse(Good, "w.yaml");
        Assert.That(t.All.Single().Args, Is.EqualTo(new[] { "-B", "KCFLAGS=-w" }));
        Assert.That(t.For("5.1", "6.13.1-amd64"), Has.Count.EqualTo(1));
        Assert.That(t.For("5.2", "6.13.1-amd64"), Is.Empty);
    }

    [TestCase("bug: where", "", "w.yaml:2: a workaround needs 'bug'")]
    [TestCase("kernels: \">=6.12\"", "kernels: \"six\"", "w.yaml:4: kernels: 'six' is not a version constraint")]
    [TestCase("bug: where", "bug: where\n    colour: red", "w.yaml:8: unknown workaround key 'colour'")]
    [TestCase("args: [\"-B\", \"KCFLAGS=-w\"]", "args: []", "w.yaml:2: workaround 'a' needs 'args'")]
    public void A_bad_table_names_file_and_line(string from, string to, string message)
    {
        var e = Assert.Throws<DataFileException>(() => StapBuildWorkarounds.Parse(Good.Replace(from, to), "w.yaml"));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void An_id_declared_twice_is_refused_at_its_second_line()
    {
        var twice = Good + "\n" + string.Join('\n', Good.Split('\n').Skip(1));
        var e = Assert.Throws<DataFileException>(() => StapBuildWorkarounds.Parse(twice, "w.yaml"));
        Assert.That(e!.Message, Does.StartWith("w.yaml:8: workaround 'a' is declared twice"));
    }
    [Test]
    public void Stap_s_own_cache_starts_fresh_when_the_table_changes()
    {
        // stap keys its tracepoint-query objects without -B options and keeps failed ones as empty
        // objects: a cache filled before a workaround must not be read after it.
        var now = StapBuildWorkarounds.Parse(Good, "w.yaml");
        var changed = StapBuildWorkarounds.Parse(Good.Replace("KCFLAGS=-w", "KCFLAGS=-Wno-error"), "w.yaml");
        Assert.That(now.CacheArea("systemtap-trixie-stap"), Does.StartWith("systemtap-trixie-stap-"));
        Assert.That(now.CacheArea("systemtap-trixie-stap"), Is.EqualTo(StapBuildWorkarounds.Parse(Good, "other.yaml").CacheArea("systemtap-trixie-stap")));
        Assert.That(changed.CacheArea("systemtap-trixie-stap"), Is.Not.EqualTo(now.CacheArea("systemtap-trixie-stap")));
        Assert.That(new StapBuildWorkarounds([]).CacheArea("systemtap"), Is.EqualTo("systemtap"));
    }
}

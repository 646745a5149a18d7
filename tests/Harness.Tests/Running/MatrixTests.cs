using NUnit.Framework;
using ProbeHarness.DataFiles;
using ProbeHarness.Running;
using ProbeHarness.Suites;

namespace ProbeHarness.Tests.Running;

public class MatrixTests
{
    [Test]
    public void A_cross_product_groups_engines_by_arch_and_kernel()
    {
        var m = Matrix.Parse("matrix: m\nsuite: smoke\narches: [x86_64, arm64]\nkernels: [bookworm]\nengines: [systemtap, kprobe_events]\n", "m.yaml");
        Assert.That(m.Groups, Has.Count.EqualTo(2));
        Assert.That(m.CellCount, Is.EqualTo(4));
        Assert.That(m.Groups[1], Is.EqualTo(new CellGroup("arm64", "bookworm", ["systemtap", "kprobe_events"])).Using<CellGroup>(Same));
    }

    [Test]
    public void Include_and_exclude_shape_the_cells()
    {
        var m = Matrix.Parse("""
            matrix: m
            include:
              - {arches: [x86_64, riscv64], kernels: [trixie], engines: [systemtap, kprobe_events]}
              - {arches: [x86_64], kernels: [bookworm], engines: [kprobe_events]}
            exclude:
              - {arches: [riscv64], engines: [systemtap]}
            """, "m.yaml");
        Assert.That(m.Groups.Select(g => $"{g.Arch}/{g.Kernel}:{string.Join('+', g.Engines)}"), Is.EqualTo(new[]
        {
            "x86_64/trixie:systemtap+kprobe_events", "riscv64/trixie:kprobe_events", "x86_64/bookworm:kprobe_events",
        }));
    }

    [TestCase("matrix: m\narches: [vax]\nkernels: [bookworm]\nengines: [systemtap]\n", 2, "unknown architecture")]
    [TestCase("matrix: m\narches: [x86_64]\nengines: [systemtap]\n", 1, "needs 'kernels'")]
    [TestCase("matrix: m\ncolour: red\n", 2, "unknown matrix key")]
    [TestCase("matrix: m\narches: [x86_64]\nkernels: [bookworm,\n  'bookworm:6.1.0-xx']\nengines: [systemtap]\n", 3, "'xx' after 6.1.0 is neither")]
    [TestCase("matrix: m\narches: [riscv64]\nkernels: ['trixie:cloud']\nengines: [systemtap]\n", 3, "not one of riscv64's flavors")]
    [TestCase("matrix: m\narches: [x86_64]\nkernels: [bookworm]\nengines: [systemtap, dtrace]\n", 4, "unknown engine 'dtrace'")]
    [TestCase("matrix: m\narches: [x86_64]\nkernels: [bookworm]\nengines: [systemtap]\nexclude:\n  - {arches: [x86-64]}\n", 6, "exclude: unknown architecture 'x86-64'")]
    [TestCase("matrix: m\narches: [x86_64]\nkernels: [bookworm]\nengines: [systemtap]\nexclude:\n  - {engines: [stap]}\n", 6, "exclude: unknown engine 'stap'")]
    [TestCase("suite: s\narches: [x86_64]\n", 1, "missing 'matrix'")]
    public void Bad_matrices_name_the_line(string yaml, int line, string words)
    {
        var e = Assert.Throws<DataFileException>(() => Matrix.Parse(yaml, "m.yaml"))!;
        Assert.That((e.Line, e.Message.Contains(words)), Is.EqualTo((line, true)), e.Message);
    }

    [TestCase("bookworm", 10)]
    [TestCase("trixie", 4)]
    [TestCase("full", 28)]
    public void The_shipped_matrices_load(string name, int cells) =>
        Assert.That(Matrix.Load(name).CellCount, Is.EqualTo(cells));

    private static bool Same(CellGroup a, CellGroup b) => a.Arch == b.Arch && a.Kernel == b.Kernel && a.Engines.SequenceEqual(b.Engines);
}

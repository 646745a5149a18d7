using NUnit.Framework;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Running;

public class CellTableTests
{
    private static readonly Matrix M = new("m", "smoke", [new CellGroup("x86_64", "bookworm", ["systemtap"])]);

    [Test]
    public void A_row_gives_boots_build_load_verdicts_and_wall_time()
    {
        var c = new CellReport("x86_64", "6.1.0-56-amd64", "systemtap-4.8", [TimeSpan.FromSeconds(6.04), TimeSpan.FromSeconds(5.96)],
            [TimeSpan.FromSeconds(0.41), TimeSpan.FromSeconds(0.39), TimeSpan.FromSeconds(0.52)], TimeSpan.FromSeconds(31.2), TimeSpan.FromSeconds(70), true,
            new Dictionary<TestState, int> { [TestState.XFail] = 1, [TestState.Pass] = 2 }, null);
        Assert.That(CellTable.Row(c), Is.EqualTo(new[] { "x86_64/6.1.0-56-amd64/systemtap-4.8", "6.0 6.0", "3 × 0.41", "31.2", "yes", "PASS 2 XFAIL 1", "70.0" }));
    }

    [Test]
    public void A_cell_that_could_not_start_says_why_and_the_table_stays_one_row_per_cell()
    {
        var c = new CellReport("riscv64", "trixie", "systemtap", [], [], TimeSpan.Zero, TimeSpan.Zero, false,
            new Dictionary<TestState, int> { [TestState.Unresolved] = 4 }, "setup failed: no | pipes\nhere");
        var md = CellTable.Markdown(M, [c], TimeSpan.FromSeconds(12), 2);
        var row = md.Split('\n').Single(l => l.StartsWith("| riscv64"));
        Assert.That(row, Does.Contain("UNRESOLVED 4: setup failed: no \\| pipes here").And.Contain("| no |"));
        Assert.That(md, Does.Contain("2 group(s) at once"));
    }
}

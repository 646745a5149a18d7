using NUnit.Framework;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Ktap;

public class KtapResultsTests
{
    // The shape a 6.1 kernel prints for its built-in kprobes KUnit suite on the serial console (one case
    // made to fail and one skipped here, so every state is read), with other boot messages between.
    private const string Console = """
        [    4.101010] Run /init as init process
        [    3.900001] KTAP version 1
        [    3.900002] 1..2
        [    3.900003]     KTAP version 1
        [    3.900004]     # Subtest: kprobes_test
        [    3.900005]     1..4
        [    3.910000]     ok 1 test_kprobe
        [    3.920000] kprobe: some unrelated message
        [    3.930000]     # test_kretprobe: EXPECTATION FAILED at lib/test_kprobes.c:212
        [    3.930001]     Expected 0 == ret, but
        [    3.930002]     # test_kretprobe: register_kretprobe returned -22
        [    3.930003]     not ok 2 test_kretprobe
        [    3.940000]     ok 3 test_stacktrace_on_kretprobe # SKIP no stacktrace support
        [    3.950000]         KTAP version 1
        [    3.950001]         # Subtest: test_params
        [    3.950002]         ok 1 param-0
        [    3.950003]         ok 2 param-1
        [    3.950004]     ok 4 test_params
        [    3.960000] # kprobes_test: pass:2 fail:1 skip:1 total:4
        [    3.960001] # Totals: pass:2 fail:1 skip:1 total:4
        [    3.960002] not ok 1 kprobes_test
        [    3.970000]     # Subtest: other_suite
        [    3.970001]     1..1
        [    3.970002]     ok 1 - dashed_case
        [    3.970003] ok 2 other_suite
        [    4.000000] ok 7 not a kunit line at the top level
        """;

    [Test]
    public void Reads_each_case_with_its_suite_and_state()
    {
        var cases = KtapResults.Parse(Console);
        Assert.That(cases.Select(c => (c.Suite, c.Name, c.State, c.Reason)), Is.EqualTo(new (string, string, TestState, string?)[]
        {
            ("kprobes_test", "test_kprobe", TestState.Pass, null),
            ("kprobes_test", "test_kretprobe", TestState.Fail, null),
            ("kprobes_test", "test_stacktrace_on_kretprobe", TestState.Unsupported, "no stacktrace support"),
            ("test_params", "param-0", TestState.Pass, null),
            ("test_params", "param-1", TestState.Pass, null),
            ("kprobes_test", "test_params", TestState.Pass, null),
            ("other_suite", "dashed_case", TestState.Pass, null),
        }));
        Assert.That(cases[1].Diagnostics, Does.Contain("EXPECTATION FAILED at lib/test_kprobes.c:212").And.Contain("returned -22"));
        Assert.That(cases[0].Diagnostics, Is.Empty);
    }

    [Test]
    public void A_console_without_kunit_has_no_cases() =>
        Assert.That(KtapResults.Parse("[    0.000000] Linux version 6.1.0\nok 1 something\n# Subtest: \n"), Is.Empty);

    [Test]
    public void Cases_become_results_of_the_cell_a_failure_blamed_on_the_kernel_with_its_first_diagnostic()
    {
        var cell = new Cell("x86_64", "6.1.0-57-amd64+debug", "kunit");
        var results = KtapResults.ToResults(KtapResults.Parse(Console), cell, "smoke", "console text");
        var failed = results.Single(r => r.State == TestState.Fail);
        Assert.Multiple(() =>
        {
            Assert.That(failed.Test, Is.EqualTo("kunit/kprobes_test/test_kretprobe"));
            Assert.That((failed.Culprit, failed.Reason), Is.EqualTo((Culprit.Kernel, "test_kretprobe: EXPECTATION FAILED at lib/test_kprobes.c:212")));
            Assert.That(results.Single(r => r.State == TestState.Unsupported).Reason, Is.EqualTo("no stacktrace support"));
            Assert.That(results.All(r => r.Cell == cell && r.Suite == "smoke" && r.ConsoleLog == "console text"));
        });
    }
}

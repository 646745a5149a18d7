using NUnit.Framework;
using ProbeHarness.Fuzzing;

namespace ProbeHarness.Tests.Fuzzing;

/// <summary>The oracle on stap outputs as stap 4.8 printed them (-v), including the abort the issue records.</summary>
public class TranslatorOutcomeTests
{
    private const string Passes12 = "Pass 1: parsed user script and 482 library scripts using 120000virt/90000res/9000shr/80000data kb, in 900usr/100sys/1200real ms.\n" +
        "Pass 2: analyzed script: 2 probes, 3 functions, 0 embeds, 1 global using 130000virt/100000res kb, in 300usr/20sys/400real ms.\n";

    [Test]
    public void The_embedded_code_abort_is_a_crash_with_a_stable_signature()
    {
        var stderr = Passes12 + "stap: translate.cxx:4090: virtual void c_unparser::visit_embeddedcode(embeddedcode*): Assertion `name != \"\"' failed.\n";
        var o = TranslatorOutcome.Classify(134, false, stderr, 3);
        Assert.That(o.Kind, Is.EqualTo("crash"));
        Assert.That(o.Pass, Is.EqualTo(2));
        Assert.That(o.Signature, Is.EqualTo("assertion translate.cxx: virtual void c_unparser::visit_embeddedcode(embeddedcode*): name != \"\""));
        Assert.That(o.IsFinding);
    }

    [Test]
    public void A_signal_without_a_message_is_a_crash_in_the_pass_after_the_last_finished()
    {
        var o = TranslatorOutcome.Classify(139, false, Passes12, 3);
        Assert.That((o.Kind, o.Signature), Is.EqualTo(("crash", "stap killed by signal 11 in pass 3")));
    }

    [Test]
    public void An_uncaught_exception_and_a_timeout_are_findings()
    {
        var thrown = TranslatorOutcome.Classify(134, false, "terminate called after throwing an instance of 'std::out_of_range'\n  what():  vector::_M_range_check: __n (which is 3)\n", 3);
        Assert.That(thrown.Kind, Is.EqualTo("crash"));
        Assert.That(thrown.Signature, Does.StartWith("uncaught std::out_of_range: vector::_M_range_check"));
        var hang = TranslatorOutcome.Classify(-1, true, Passes12, 3);
        Assert.That((hang.Kind, hang.Signature), Is.EqualTo(("hang", "stap hangs in pass 3")));
    }

    [Test]
    public void Parse_and_semantic_errors_are_refusals_counted_by_their_normalized_first_line()
    {
        var parse = TranslatorOutcome.Classify(1, false, "parse error: expected literal string or number\n        saw: operator '-' at /tmp/x/script.stp:3:17\n", 3);
        Assert.That((parse.Kind, parse.Pass, parse.Signature), Is.EqualTo(("parse-error", 0, "parse error: expected literal string or number")));
        var sem = TranslatorOutcome.Classify(1, false, "Pass 1: parsed user script\nsemantic error: type mismatch (long): identifier 'n0' at /tmp/a.stp:12:5\n", 3);
        Assert.That((sem.Kind, sem.Pass), Is.EqualTo(("semantic-error", 1)));
        Assert.That(sem.Signature, Is.EqualTo("semantic error: type mismatch (long): identifier '…' at …"));
        Assert.That(sem.IsFinding, Is.False);
        var semInternal = TranslatorOutcome.Classify(1, false, "semantic error: internal error: unknown type\n", 3);
        Assert.That(semInternal.Kind, Is.EqualTo("semantic-error"), "stap's own diagnostic that says 'internal' is still a refusal");
    }

    [Test]
    public void Success_reaches_the_requested_pass()
    {
        var o = TranslatorOutcome.Classify(0, false, Passes12 + "Pass 3: translated to C into \"/tmp/stapX/stap_1.c\"\n", 3);
        Assert.That((o.Kind, o.Pass), Is.EqualTo(("ok", 3)));
    }
}

using NUnit.Framework;
using ProbeHarness.Text;

namespace ProbeHarness.Tests.Text;

public class UntrustedTextTests
{
    [TestCase("a\u001b[1;31mb\u001b[0mc", "abc")]
    [TestCase("a\u001bcb", "ab")]                       // RIS: full reset, as SeaBIOS prints
    [TestCase("a\u001b(Bb\u001b)0c", "abc")]            // character set designations
    [TestCase("a\u001b]0;title\u0007b", "ab")]          // OSC, BEL-terminated
    [TestCase("a\u001b]8;;http://x\u001b\\b", "ab")]    // OSC, ST-terminated
    [TestCase("a\u001bPqdata\u001b\\b", "ab")]          // DCS
    [TestCase("a\u001b7b\u001b8c", "abc")]              // save and restore the cursor
    [TestCase("a\u001b[?25lb", "ab")]
    public void Escape_sequences_go(string text, string clean)
    {
        Assert.That(UntrustedText.Clean(text), Is.EqualTo(clean));
        Assert.That(UntrustedText.WithoutEscapes(text), Is.EqualTo(clean));
    }

    [Test]
    public void Without_escapes_keeps_every_other_character()
    {
        const string console = "line\r\n\u0007bell\u001b[0m\tend";
        Assert.That(UntrustedText.WithoutEscapes(console), Is.EqualTo("line\r\n\u0007bell\tend"));
    }

    [Test]
    public void The_corpus_cleans_a_console_with_the_same_cleaner()
    {
        var console = "\u001bc\u001b[?7lSeaBIOS\r\n[    0.000000] Linux version 6.1.0\r\n\u001b[1mBUG\u001b[0m: x\r\n";
        Assert.That(Corpus.CorpusLog.Clean(console), Is.EqualTo("[    0.000000] Linux version 6.1.0\nBUG: x\n"));
    }
}

using NUnit.Framework;
using FsCheck;
using FsCheck.Fluent;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class ShellWordsTests
{
    [TestCase(" stap -p2", new[] { "stap", "-p2" })]
    [TestCase("stap -DX='a b' \"c\\\"d\"", new[] { "stap", "-DX=a b", "c\"d" })]
    [TestCase("/bin/sh", new[] { "/bin/sh" })]
    [TestCase("a\\ b", new[] { "a b" })]
    public void Splits_like_sh(string line, string[] words) => Assert.That(ShellWords.Split(line), Is.EqualTo(words));

    [Test]
    public void Unterminated_quotes_are_errors() => Assert.Throws<FormatException>(() => ShellWords.Split("stap 'oops"));

    [FsCheck.NUnit.Property]
    public bool Single_quoting_any_words_round_trips(NonEmptyString[] raw)
    {
        var words = raw.Select(w => w.Get.Replace("\0", "")).Where(w => w.Length > 0).ToArray();
        var line = string.Join(' ', words.Select(ProbeHarness.Shell.Sh.Quote));
        return ShellWords.Split(line).SequenceEqual(words);
    }
}

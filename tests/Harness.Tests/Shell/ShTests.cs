using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Shell;

namespace ProbeHarness.Tests.Shell;

public class ShTests
{
    /// <summary>What sh prints for a line holding <paramref name="word"/> as printf's argument.</summary>
    private static string ReadBack(string word)
    {
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("printf %s " + word);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static string NoNul(string? value) => new((value ?? "").Where(c => c != '\0').ToArray());

    /// <summary>sh reads a quoted value back unchanged, whatever it holds.</summary>
    [FsCheck.NUnit.Property(MaxTest = 40)]
    public bool Quoting_cannot_be_broken_out_of(string value)
    {
        value = NoNul(value);
        return ReadBack(Sh.Quote(value)) == value;
    }

    /// <summary>A word quoted only where it needs it is read back unchanged too.</summary>
    [FsCheck.NUnit.Property(MaxTest = 40)]
    public bool A_shown_word_is_read_back_unchanged(string value)
    {
        value = NoNul(value);
        return ReadBack(Sh.Word(value)) == value;
    }

    [TestCase("-p4", "-p4")]
    [TestCase("/usr/bin/stap", "/usr/bin/stap")]
    [TestCase("a b", "'a b'")]
    [TestCase("", "''")]
    [TestCase("it's", "'it'\\''s'")]
    public void Plain_words_are_shown_as_typed(string value, string shown) => Assert.That(Sh.Word(value), Is.EqualTo(shown));
}

namespace ProbeHarness.Shell;

/// <summary>
/// Quoting for POSIX sh, the one way the harness puts a value into a shell line (a guest script,
/// QEMU's exec: migration URI, a wrapper script, a command shown in a log): single quotes, each
/// quote inside written as '\'' — the value cannot break out, whatever it holds.
/// </summary>
public static class Sh
{
    /// <summary>The value as one sh word, always quoted.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    /// <summary>The value as one sh word, quoted only when it needs it: commands shown to people read as typed.</summary>
    public static string Word(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? s : Quote(s);
}

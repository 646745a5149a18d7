using Spectre.Console;

namespace ProbeHarness.Cli;

/// <summary>
/// The console the commands print through. Spectre wraps lines at the terminal's width, and at 80
/// columns when the output is not a terminal; a log or a pipe gets each line whole and without colour codes instead.
/// </summary>
public static class TerminalConsole
{
    /// <summary>Wide enough for any line the harness prints (reasons are cut far below it).</summary>
    public const int UnwrappedWidth = 4096;

    public static IAnsiConsole For(TextWriter writer, bool isTerminal)
    {
        // A log or a pipe gets plain text: no colours, no cursor movement.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!isTerminal) console.Profile.Width = UnwrappedWidth;
        return console;
    }
}

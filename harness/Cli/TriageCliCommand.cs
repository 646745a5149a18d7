using System.ComponentModel;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness triage FILE...`: titles, kinds and culprits of the crashes in console logs.</summary>
public sealed class TriageCliCommand : Command<TriageCliCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Console logs to triage.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print one JSON array instead of lines.")]
        public bool Json { get; init; }

        [CommandOption("--arch <ARCH>")]
        [Description("The architecture the logs come from (guessed when absent).")]
        public string? Arch { get; init; }

        [CommandOption("--system-map <FILE>")]
        [Description("A System.map (or /proc/kallsyms dump) to symbolise raw addresses.")]
        public string? SystemMap { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct) =>
        Triage.TriageCommand.Run(s.Files, s.Json, Console.Out, s.Arch, s.SystemMap);
}

using System.ComponentModel;
using ProbeHarness.Inputs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>
/// `harness triage FILE|DIR...`: titles, kinds and culprits of the crashes in console logs. A folder
/// means the console logs inside it (every *.log, recursively, in name order), as a run directory holds them.
/// </summary>
public sealed class TriageCliCommand(CliStreams streams) : Command<TriageCliCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE|DIR>")]
        [Description("Console logs to triage; a folder stands for every *.log below it.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--json")]
        [Description("Print one JSON array instead of lines.")]
        public bool Json { get; init; }

        [CommandOption("--arch <ARCH>")]
        [Description("The architecture the logs come from, a row of the arch table (guessed when absent).")]
        public string? Arch { get; init; }

        [CommandOption("--system-map <FILE>")]
        [Description("A System.map (or /proc/kallsyms dump) to symbolise raw addresses.")]
        public string? SystemMap { get; init; }

        public override ValidationResult Validate()
        {
            try
            {
                if (Arch is not null) RunChecks.Arch(Arch, "--arch");
                RunChecks.ExistingFile(SystemMap, "--system-map");
                foreach (var f in Files.Where(f => !File.Exists(f) && !Directory.Exists(f)))
                    throw new InputException($"{f}: no such file or folder");
                return ValidationResult.Success();
            }
            catch (InputException e) { return ValidationResult.Error(e.Message); }
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var files = ConsoleLogs(s.Files);
        if (files.Count == 0) throw new InputException($"no console logs (*.log) in {string.Join(", ", s.Files)}");
        // The table's own name, so an alias (amd64) means what x86_64 means.
        var arch = s.Arch is null ? null : RunChecks.Arch(s.Arch, "--arch").Name;
        return Triage.TriageCommand.Run(files, s.Json, streams.Out, arch, s.SystemMap);
    }

    /// <summary>Files as given; each folder replaced by its *.log files, recursively, in ordinal path order.</summary>
    public static IReadOnlyList<string> ConsoleLogs(IEnumerable<string> paths) =>
        paths.SelectMany<string, string>(p => Directory.Exists(p)
                ? Directory.EnumerateFiles(p, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : [p])
            .ToList();
}

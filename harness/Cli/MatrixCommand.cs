using System.ComponentModel;
using ProbeHarness.Inputs;
using ProbeHarness.Running;
using ProbeHarness.Sharding;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ProbeHarness.Cli;

/// <summary>`harness matrix M --shards N [--emit KIND]`: the shard plan, or the jobs that run it on a cluster engine.</summary>
public sealed class MatrixCommand(IAnsiConsole console) : Command<MatrixCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<NAME|PATH>")]
        [Description("The matrix: a name under matrices/ or a path to a matrix file.")]
        public string Matrix { get; init; } = "";

        [CommandOption("--shards <N>")]
        [Description("Shards to split the matrix into. Default: 1.")]
        [DefaultValue(1)]
        public int Shards { get; init; } = 1;

        [CommandOption("--emit <KIND>")]
        [Description("Print the jobs instead of the plan: github or gitlab (a CI matrix), slurm (an sbatch job-array script), k8s (an Indexed Job).")]
        public string? Emit { get; init; }

        public override ValidationResult Validate()
        {
            if (Shards < 1) return ValidationResult.Error($"--shards must be at least 1, not {Shards}");
            if (Emit is not null && !ShardJobs.Kinds.Contains(Emit))
                return ValidationResult.Error($"--emit '{Emit}': known: {string.Join(", ", ShardJobs.Kinds)}");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken ct)
    {
        var matrix = RunChecks.Input(() => Running.Matrix.Load(s.Matrix), s.Matrix);
        if (s.Emit is { } kind)
        {
            console.Profile.Out.Writer.Write(ShardJobs.Emit(kind, matrix, s.Matrix, s.Shards));
            return 0;
        }
        var t = new Table().AddColumns("shard", "cells", "groups");
        var plan = ShardPlan.Assign(matrix, s.Shards);
        for (var i = 0; i < plan.Count; i++)
            t.AddRow($"{i}/{s.Shards}", plan[i].Sum(g => g.Engines.Count).ToString(), Markup.Escape(string.Join(", ", plan[i])));
        console.Write(t);
        console.WriteLine($"{matrix.Name}: {matrix.CellCount} cells in {matrix.Groups.Count} arch x kernel groups");
        return 0;
    }
}

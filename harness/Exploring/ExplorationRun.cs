using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Comparing;
using ProbeHarness.Engines;
using ProbeHarness.Engines.Phinject;
using ProbeHarness.Exporters;
using ProbeHarness.GuestSessions;
using ProbeHarness.Judging;
using ProbeHarness.Kernels;
using ProbeHarness.Running;
using ProbeHarness.Snapshots;
using ProbeHarness.Triage;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exploring;

/// <summary>What an exploration asked for: the kernel, the system calls (none: all in the data), the functions (none: all), steps per function.</summary>
public sealed record ExploreOptions(IReadOnlyList<string> Syscalls, IReadOnlyList<string> Functions, int MaxSteps, RunOptions Run, string? DataFile = null);

/// <summary>What an exploration did: every step with its verdict, each syscall's survey, the findings, the run in the history, the guests' cost.</summary>
public sealed record ExploreReport(IReadOnlyList<StepVerdict> Steps, IReadOnlyDictionary<string, Explorer.Survey> Surveys, IReadOnlyList<Finding> Findings,
    RunReport Run, GuestStats? Guests);

/// <summary>
/// An error-path exploration from start to end, the run kind `explore`: the kernel stage (kernel,
/// System.map, the bare agent image), phinject.ko built for the kernel, then per system call a
/// survey and the fail-nth steps (<see cref="Explorer"/>), each step in a guest restored from the
/// session's snapshot (<see cref="GuestSession"/>, pristine) with its console triaged; every step is
/// stored in the history as it is judged (suite "explore", test syscall/function/nth:N) and the
/// findings written to the run directory's findings.json beside steps.md.
/// </summary>
public sealed class ExplorationRun(ExploreOptions options, HarnessCache cache, IRunObserver observer)
{
    public const string Kind = "explore";

    public async Task<ExploreReport> ExecuteAsync(CancellationToken ct)
    {
        var data = (options.DataFile is null ? ErrorPaths.Load() : ErrorPaths.Load(options.DataFile)).Only(options.Syscalls, options.Functions);
        var arch = ArchTable.Get(options.Run.Arch);
        using var book = RunBook.Open(options.Run, cache, Kind, arch.Name, observer);
        var stage = await KernelStage.GetAsync(cache, arch, KernelSpec.Parse(options.Run.Kernel), options.Run.GuestMemoryMb, observer, ct);
        var context = new EngineContext(cache, stage.Kernel);
        observer.Phase(arch.Name, "building phinject.ko");
        var module = await PhinjectEngine.BuildModuleAsync(context, arch, Path.Combine(book.Directory, "build"), ct);
        var initrd = await stage.InitrdAsync([], ct);
        var symbols = SymbolTable.Load(await stage.SystemMapAsync(ct));
        var engine = new PhinjectEngine(context);
        var cell = new Cell(arch.Name, stage.Kernel.Release, $"{PhinjectEngine.EngineName}-{engine.Version}");
        var cellDir = Path.Combine(book.Directory, $"{arch.Name}-{stage.Kernel.Release}-explore");
        Directory.CreateDirectory(cellDir);

        var steps = new List<StepVerdict>();
        var surveys = new Dictionary<string, Explorer.Survey>();
        GuestStats? stats;
        await using (var guests = new GuestSession(stage.Machines(initrd), cellDir, observer, symbols, pristine: true, new SnapshotCache(cache)))
        {
            var files = new[] { new GuestFile(module.GuestPath, module.KoPath) };
            var sw = new Stopwatch();
            var explorer = new Explorer(data, options.MaxSteps, module.GuestPath, arch.Name, stage.Kernel.Release,
                async (name, script, c) =>
                {
                    observer.Phase(cell.ToString(), name);
                    var probe = new PreparedProbe(true, null, null, $"module {module.KoPath}", files, script, TimeSpan.Zero)
                    {
                        ProbedFunctions = data.Functions.Select(f => f.Name).ToList(),
                    };
                    sw.Restart();
                    return await guests.RunAsync(name, probe, engine, TimeSpan.FromSeconds(120), c);
                },
                v =>
                {
                    steps.Add(v);
                    book.Record(new TestResult(Kind, v.Name, cell, v.State, v.Culprit, $"{v.Verdict}: {v.Reason}", sw.Elapsed,
                        $"errno {v.Errno}, injected {v.Injected?.ToString() ?? "-"}, survived {Yes(v.Survived)}, leaks {Leaks(v)}\n{v.Raw}",
                        null, guests.LastConsoleLog));
                });
            foreach (var syscall in data.Syscalls.Keys)
            {
                var (survey, _) = await explorer.ExploreAsync(syscall, ct);
                surveys[syscall] = survey;
                observer.Phase(cell.ToString(), $"{syscall} reaches: " + (survey.Problem ?? string.Join(", ",
                    survey.Calls.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} x{kv.Value}"))));
            }
            stats = GuestStats.Of(guests);
        }
        var findings = steps.Where(s => s.Finding is not null).Select(s => s.Finding!).ToList();
        await File.WriteAllTextAsync(Path.Combine(book.Directory, "steps.md"), Table(steps, surveys), ct);
        await File.WriteAllTextAsync(Path.Combine(book.Directory, "findings.json"), JsonSerializer.Serialize(findings.Select(f => new
        {
            f.Kind, Severity = f.Severity.ToString(), f.Signature, Culprit = f.Culprit.ToString(), f.Summary, f.Reproducer, f.Where,
        }), new JsonSerializerOptions { WriteIndented = true }) + "\n", ct);
        return new ExploreReport(steps, surveys, findings, book.Finish(), stats);
    }

    public static string Yes(bool? b) => b switch { true => "yes", false => "no", null => "-" };

    public static string Leaks(StepVerdict v) => v.Leaks.Count == 0 ? (v.Survived is null ? "-" : "none") : string.Join("; ", v.Leaks);

    /// <summary>The step table as Markdown, each syscall's survey above its steps.</summary>
    public static string Table(IReadOnlyList<StepVerdict> steps, IReadOnlyDictionary<string, Explorer.Survey> surveys)
    {
        var s = new StringBuilder();
        foreach (var (syscall, survey) in surveys)
        {
            s.AppendLine($"## {syscall}\n");
            s.AppendLine("survey (calls of each listed function, nothing failed): " + (survey.Problem ??
                string.Join(", ", survey.Calls.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} x{kv.Value}"))) + "\n");
            s.AppendLine("| function failed | returns | nth | errno seen | injected | survived | leaks | verdict |");
            s.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var v in steps.Where(v => v.Syscall == syscall))
                s.AppendLine($"| {v.Function.Name} | {v.Function.ReturnsText} | {v.Nth} | {v.Errno} | {v.Injected?.ToString() ?? "-"} | {Yes(v.Survived)} | {Leaks(v)} | {v.Verdict} |");
            s.AppendLine();
        }
        return s.ToString();
    }
}

using System.Text.RegularExpressions;
using ProbeHarness.Architectures;
using ProbeHarness.Conformance;
using ProbeHarness.DataFiles;
using ProbeHarness.Kernels;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Suites;

namespace ProbeHarness.Inputs;

/// <summary>
/// Every input of a run, checked before any download, run directory or history row: a mistake
/// is an <see cref="InputException"/> naming the option (or the file and line) at once, not a
/// failure after a kernel download or a boot.
/// </summary>
public static class RunChecks
{
    /// <summary>One run: suite (or SystemTap's own suites), arch, kernel, engines, numbers, output and history.</summary>
    public static void Check(RunOptions o)
    {
        CheckCell(o);
        History(o.Database);
    }

    /// <summary>Everything of one run but the history, which a matrix opens once for all its groups.</summary>
    private static void CheckCell(RunOptions o)
    {
        AtLeastOne(o.BuildJobs, "--jobs");
        var arch = Arch(o.Arch, "--arch");
        Kernel(o.Kernel, arch, "--kernel");
        Engines(o.Engines, "--engine");
        var conformance = o.StapTestsuite is not null || o.Suite == ConformanceSuites.Examples;
        if (o.StapTestsuite is { } tree)
            Input(() => PassDirectory.Root(tree), $"--stap-testsuite {tree}");
        else if (!conformance)
            Input(() => SuiteLoader.Load(o.Suite), null);
        if (!conformance)
        {
            if (o.HostOnly) throw new InputException("--host-only applies to SystemTap's own suites (--suite stap-examples or --stap-testsuite)");
            if (o.Fresh) throw new InputException("--fresh applies to SystemTap's own suites (--suite stap-examples or --stap-testsuite)");
        }
        Regex(o.Only, "--only");
        OutDirectory(o.OutDirectory, "--out");
    }

    /// <summary>A matrix run: the matrix file (its arches, kernels and engines, with their lines), its suite, and the shared options.</summary>
    /// <summary>The matrix, its suite replaced by <paramref name="suite"/> when given, each cell checked.</summary>
    public static Matrix CheckMatrix(string nameOrPath, RunOptions o, int? parallel, string? suite = null)
    {
        if (parallel is { } p) AtLeastOne(p, "--parallel");
        var matrix = Input(() => Matrix.Load(nameOrPath), $"--matrix {nameOrPath}");
        if (suite is not null) matrix = matrix with { Suite = suite };
        foreach (var group in matrix.Groups)
            CheckCell(o with { Suite = matrix.Suite, Arch = group.Arch, Kernel = group.Kernel, Engines = group.Engines });
        History(o.Database);
        return matrix;
    }

    public static void AtLeastOne(int value, string option) => AtLeast(1, value, option);

    public static void AtLeast(int min, int value, string option)
    {
        if (value < min) throw new InputException($"{option} must be at least {min}, not {value}");
    }

    public static Arch Arch(string name, string option) =>
        Input(() => ArchTable.Get(name), option);

    public static KernelSpec Kernel(string text, Arch arch, string option) => Input(() =>
    {
        var spec = KernelSpec.Parse(text);
        spec.CheckFor(arch);
        return spec;
    }, option);

    public static void Engines(IReadOnlyList<string> engines, string option)
    {
        if (engines.Count == 0) throw new InputException($"{option}: no engine given; known: {string.Join(", ", ProbeHarness.Engines.EngineRegistry.Names)}");
        if (ProbeHarness.Engines.EngineRegistry.FirstUnknown(engines) is { } e)
            throw new InputException($"{option}: {ProbeHarness.Engines.EngineRegistry.Unknown(e)}");
    }

    public static void Regex(string? pattern, string option)
    {
        if (pattern is null) return;
        try { _ = new Regex(pattern); }
        catch (ArgumentException e) { throw new InputException($"{option}: bad regular expression '{pattern}': {e.Message}"); }
    }

    /// <summary>A folder that may not exist yet, but must not be a file.</summary>
    public static void OutDirectory(string? path, string option)
    {
        if (File.Exists(path)) throw new InputException($"{option} {path}: is a file, not a folder");
    }

    public static void ExistingFile(string? path, string option)
    {
        if (path is not null && !File.Exists(path))
            throw new InputException($"{option} {path}: {(Directory.Exists(path) ? "is a folder, not a file" : "no such file")}");
    }

    public static void ExistingDirectory(string? path, string option)
    {
        if (path is not null && !Directory.Exists(path))
            throw new InputException($"{option} {path}: {(File.Exists(path) ? "is a file, not a folder" : "no such folder")}");
    }

    /// <summary>The history opens (a corrupt file or an unreachable server is found now) and is closed again; no run is written.</summary>
    public static void History(string? database)
    {
        using var _ = ResultStores.Open(database ?? ResultStores.DefaultPath());
    }

    /// <summary>Runs a parse or lookup; what it throws about its input becomes one <see cref="InputException"/>.</summary>
    public static T Input<T>(Func<T> read, string? option)
    {
        try { return read(); }
        catch (Exception e) when (e is DataFileException or KernelSpecException or ArgumentException
                                       or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(option is null || e is DataFileException ? e.Message : $"{option}: {e.Message}", e);
        }
    }
}

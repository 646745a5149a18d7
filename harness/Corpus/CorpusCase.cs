namespace ProbeHarness.Corpus;

/// <summary>What triage must report for a corpus log: the header lines of the log file.</summary>
/// <param name="Title">The first report's title; empty when the log must have no report.</param>
/// <param name="Probe">"module" for the stap module the case built, a fixed name, or null.</param>
public sealed record CorpusExpectation(string Title, string Type, string Culprit, bool Corrupted, string? Probe);

/// <summary>
/// One row of the corpus case table (vmimages/crashmod/cases.yaml): how to make the guest crash,
/// on which architectures, with which kernel arguments, and what the resulting log must say.
/// Exactly one of <see cref="Run"/>, <see cref="Stap"/> and <see cref="TruncateFrom"/> is set.
/// </summary>
/// <param name="Run">A shell script the agent runs; ${CRASHMOD} is the crash module in the guest.</param>
/// <param name="Stap">A guru-mode SystemTap script (absolute path), started by staprun with <see cref="Workload"/>.</param>
/// <param name="TruncateFrom">Another case whose console, cut inside its call trace, this case is.</param>
/// <param name="NeedsConfig">Kernel options (CONFIG_KASAN, CONFIG_PROVE_LOCKING) without which the case cannot happen: it runs only on a kernel whose .config sets them all (the debug twin).</param>
/// <param name="Source">The table file and line, for messages.</param>
public sealed record CorpusCase(
    string Name,
    IReadOnlyList<string> Arches,
    IReadOnlyList<string> KernelArgs,
    int Cpus,
    TimeSpan Timeout,
    string? Run,
    string? Stap,
    string? Workload,
    string? TruncateFrom,
    CorpusExpectation Expect,
    string Source,
    IReadOnlyList<string>? NeedsConfig = null)
{
    /// <summary>The options of <see cref="NeedsConfig"/> the kernel's config lines do not set (=y or =m).</summary>
    public IReadOnlyList<string> MissingConfig(IReadOnlyCollection<string> configLines) =>
        (NeedsConfig ?? []).Where(o => !configLines.Contains(o + "=y") && !configLines.Contains(o + "=m")).ToList();

    public bool RunsOn(string arch) => Arches.Count == 0 || Arches.Contains(arch);

    public bool NeedsCrashModule => Run?.Contains("${CRASHMOD}", StringComparison.Ordinal) == true;
}

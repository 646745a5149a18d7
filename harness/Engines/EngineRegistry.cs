namespace ProbeHarness.Engines;

/// <summary>
/// Every probe engine the harness has, found by their <see cref="IEngineKind"/> in this assembly:
/// the names a user may ask for, the ones a run uses by default, and the making of a run's engines.
/// </summary>
public static class EngineRegistry
{
    /// <summary>Every engine kind, in <see cref="IEngineKind.Order"/>.</summary>
    public static IReadOnlyList<IEngineKind> Kinds { get; } = typeof(IEngineKind).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEngineKind).IsAssignableFrom(t))
        .Select(t => (IEngineKind)Activator.CreateInstance(t)!)
        .OrderBy(k => k.Order).ThenBy(k => k.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The engine names a suite or a user may use.</summary>
    public static IReadOnlyList<string> Names { get; } = Kinds.Select(k => k.Name).ToList();

    /// <summary>The engines a run uses when none is named.</summary>
    public static IReadOnlyList<string> Defaults { get; } = Kinds.Where(k => k.IsDefault).Select(k => k.Name).ToList();

    /// <summary>The kind named <paramref name="name"/>; null when there is none.</summary>
    public static IEngineKind? Find(string name) => Kinds.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind named <paramref name="name"/>, or an error that lists the known names.</summary>
    public static IEngineKind Get(string name) => Find(name) ?? throw new ArgumentException(Unknown(name));

    /// <summary>The message for an engine name no kind has: every check of a name (options, suites, matrices) says it this way.</summary>
    public static string Unknown(string name) => $"unknown engine '{name}'; known: {string.Join(", ", Names)}";

    /// <summary>The first of <paramref name="names"/> that no kind has; null when all are known.</summary>
    public static string? FirstUnknown(IEnumerable<string> names) => names.FirstOrDefault(n => Find(n) is null);

    /// <summary>The engines named, made for <paramref name="context"/>'s kernel; the caller owns (and disposes) them.</summary>
    public static Task<StartedEngines> StartAsync(IEnumerable<string> names, EngineContext context, CancellationToken ct) =>
        StartedEngines.StartAsync(names.Select(Get).ToList(), context, ct);
}

using ProbeHarness.DataFiles;
using ProbeHarness.Engines.Phinject;
using YamlDotNet.RepresentationModel;

namespace ProbeHarness.Exploring;

/// <summary>A kernel function phinject may fail: what it is made to return, and what it may return on its own.</summary>
/// <param name="Returns">The module's value: -errno, or 0 for NULL.</param>
/// <param name="MayReturn">The failure values the function itself can return (0 for NULL).</param>
public sealed record InjectableFunction(string Name, long Returns, string ReturnsText, IReadOnlySet<long> MayReturn)
{
    /// <summary>The injected value is one the function can return: what follows is a real error path, and the kernel's to handle.</summary>
    public bool Legal => MayReturn.Contains(Returns);
}

/// <summary>
/// The data of an exploration (suites/fault-injection/error-paths.yaml): the system calls, each
/// the guest command that makes it, the functions whose calls are failed one by one, and how much
/// unreclaimable slab one step may gain before it counts as a leak.
/// </summary>
public sealed record ErrorPaths(IReadOnlyDictionary<string, string> Syscalls, IReadOnlyList<InjectableFunction> Functions, int SlabLeakKb)
{
    public static string DefaultPath => Path.Combine(Resources.Dir("suites"), "fault-injection", "error-paths.yaml");

    public static ErrorPaths Load(string? path = null)
    {
        var file = path ?? DefaultPath;
        return Parse(File.ReadAllText(file), file);
    }

    public static ErrorPaths Parse(string text, string file)
    {
        var root = Yaml.Root(text, file, "expected a mapping with syscalls:, functions: and slab-leak-kb:");
        Yaml.CheckKeys(root, ["syscalls", "functions", "slab-leak-kb"], file, "error-paths");
        if (Yaml.Child(root, "syscalls") is not YamlMappingNode calls)
            throw new DataFileException(file, root.Start.Line, "'syscalls' must map each system call to the guest command that makes it");
        var syscalls = new Dictionary<string, string>();
        foreach (var (k, v) in calls.Children)
        {
            if (k is not YamlScalarNode { Value: { Length: > 0 } name } || v is not YamlScalarNode { Value: { Length: > 0 } command })
                throw Yaml.Error(file, k, "each syscall is 'name: command'");
            syscalls[name] = command;
        }
        if (syscalls.Count == 0) throw new DataFileException(file, calls.Start.Line, "no syscalls");
        if (Yaml.Child(root, "functions") is not YamlSequenceNode list || list.Children.Count == 0)
            throw new DataFileException(file, root.Start.Line, "'functions' must be a list of {function, returns, may-return}");
        var functions = new List<InjectableFunction>();
        foreach (var node in list)
        {
            if (node is not YamlMappingNode m) throw Yaml.Error(file, node, "each function is a mapping with function:, returns:, may-return:");
            Yaml.CheckKeys(m, ["function", "returns", "may-return"], file, "function");
            var name = Yaml.Scalar(m, "function", file) ?? throw Yaml.Error(file, m, "no 'function:'");
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.'))
                throw Yaml.Error(file, m["function"], $"'{name}' is not a kernel function name");
            if (functions.Any(f => f.Name == name)) throw Yaml.Error(file, m["function"], $"'{name}' is listed twice");
            var returnsText = Yaml.Scalar(m, "returns", file) ?? throw Yaml.Error(file, m, $"{name}: no 'returns:'");
            var returns = Value(returnsText, file, m["returns"]);
            var may = Yaml.List(m, "may-return", file);
            if (may.Count == 0) throw Yaml.Error(file, m, $"{name}: no 'may-return:' (the failures the function itself can return)");
            functions.Add(new InjectableFunction(name, returns, returnsText, may.Select(v => Value(v, file, m["may-return"])).ToHashSet()));
        }
        var slab = Yaml.Number(root, "slab-leak-kb", file) ?? 512;
        return new ErrorPaths(syscalls, functions, slab);
    }

    private static long Value(string text, string file, YamlNode node) =>
        InjectionSpec.ReturnValue(text) ?? throw Yaml.Error(file, node,
            $"'{text}' is neither -ENAME ({string.Join(", ", Errno.Numbers.Keys)}), a negative number down to -4095, nor NULL");

    /// <summary>Only the named syscalls and functions (none named: all); an unknown name is an error listing the known ones.</summary>
    public ErrorPaths Only(IReadOnlyList<string>? syscalls, IReadOnlyList<string>? functions)
    {
        foreach (var s in syscalls ?? [])
            if (!Syscalls.ContainsKey(s)) throw new ArgumentException($"--syscall: '{s}' is not in the data; known: {string.Join(", ", Syscalls.Keys)}");
        foreach (var f in functions ?? [])
            if (Functions.All(x => x.Name != f)) throw new ArgumentException($"--function: '{f}' is not in the data; known: {string.Join(", ", Functions.Select(x => x.Name))}");
        return this with
        {
            Syscalls = syscalls is { Count: > 0 } ? syscalls.Distinct().ToDictionary(s => s, s => Syscalls[s]) : Syscalls,
            Functions = functions is { Count: > 0 } ? Functions.Where(f => functions.Contains(f.Name)).ToList() : Functions,
        };
    }
}

using YamlDotNet.RepresentationModel;
using ProbeHarness.DataFiles;
using static ProbeHarness.DataFiles.Yaml;

namespace ProbeHarness.Suites;

/// <summary>
/// Reads a suite from its suite.yaml. The format is documented in suites/README.md; every error
/// names the file and the line.
/// </summary>
public static class SuiteLoader
{
    private static readonly string[] SuiteKeys = ["suite", "description", "guest", "tests"];
    private static readonly string[] TestKeys =
        ["name", "engines", "arches", "script", "workload", "timeout", "runtime", "guru", "expect", "description", "when", "needs", "pass", "modules"];
    private static readonly string[] ExpectKeys = ["output", "output-matches", "exit", "xfail", "kfail", "crash", "fails-at-pass", "kretprobe-misses", "kretprobe-no-misses"];
    private static readonly string[] ConditionKeys = ["arches", "kernels", "engine-versions"];
    private static readonly string[] FailureKeys = ["reason", "bug", "when"];
    private static readonly string[] KnownNeeds = ["guru", "debuginfo", "workload"];

    /// <summary>Finds a suite by name (a folder of suites/) or by path (a folder or its suite.yaml).</summary>
    public static Suite Load(string nameOrPath)
    {
        var path = nameOrPath;
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, "suite.yaml");
        else if (!File.Exists(path))
        {
            var named = System.IO.Path.Combine(Resources.Dir("suites"), nameOrPath, "suite.yaml");
            if (!File.Exists(named))
                throw new FileNotFoundException($"no suite '{nameOrPath}': not a path, and no {named}");
            path = named;
        }
        return Parse(File.ReadAllText(path), System.IO.Path.GetFullPath(path));
    }

    public static Suite Parse(string text, string file)
    {
        var root = Root(text, file, "a suite file is a mapping with 'suite' and 'tests'");
        CheckKeys(root, SuiteKeys, file, "suite");
        var dir = System.IO.Path.GetDirectoryName(file)!;
        var name = Scalar(root, "suite", file) ?? throw Error(file, root, "missing 'suite' (the suite's name)");
        var description = Scalar(root, "description", file) ?? "";
        if (Child(root, "tests") is not YamlSequenceNode tests)
            throw Error(file, root, "missing 'tests' (a list of tests)");
        var list = new List<SuiteTest>();
        foreach (var node in tests)
        {
            if (node is not YamlMappingNode t) throw Error(file, node, "each test is a mapping");
            var test = ParseTest(t, file, dir);
            if (list.Any(x => x.Name == test.Name)) throw Error(file, t, $"test '{test.Name}' is defined twice");
            list.Add(test);
        }
        return new Suite(name, file, description, list) { Guest = ParseGuest(root, file) };
    }

    private static GuestMode ParseGuest(YamlMappingNode root, string file) => Scalar(root, "guest", file) switch
    {
        null => GuestMode.Pristine,
        var w when GuestModes.Words.TryGetValue(w, out var mode) => mode,
        var w => throw Error(file, root["guest"],
            $"guest is 'pristine' (each runtime test in a guest restored from a snapshot) or 'shared' (tests batched in one booted guest), not '{w}'"),
    };

    private static SuiteTest ParseTest(YamlMappingNode t, string file, string dir)
    {
        CheckKeys(t, TestKeys, file, "test");
        var name = Scalar(t, "name", file) ?? throw Error(file, t, "a test needs a 'name'");
        var script = Scalar(t, "script", file) ?? throw Error(file, t, $"test '{name}' needs a 'script'");
        var scriptPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, script));
        if (!File.Exists(scriptPath)) throw Error(file, t["script"], $"test '{name}': script {scriptPath} does not exist");
        var timeout = Scalar(t, "timeout", file) is { } ts
            ? TimeSpan.FromSeconds(int.TryParse(ts, out var s) && s > 0 ? s : throw Error(file, t["timeout"], "timeout is a number of seconds"))
            : TimeSpan.FromSeconds(120);
        var runtime = Scalar(t, "runtime", file) ?? "patched";
        if (runtime is not ("patched" or "stock")) throw Error(file, t["runtime"], "runtime is 'patched' or 'stock'");
        if (Child(t, "expect") is not YamlMappingNode e) throw Error(file, t, $"test '{name}' needs an 'expect' mapping");
        var needs = List(t, "needs", file);
        foreach (var n in needs.Where(n => !KnownNeeds.Contains(n)))
            throw Error(file, t["needs"], $"unknown prerequisite '{n}'; known: {string.Join(", ", KnownNeeds)}");
        var workload = Scalar(t, "workload", file);
        if (needs.Contains("workload") && workload is null) throw Error(file, t["needs"], $"test '{name}' needs a workload but names none");
        var lastPass = Scalar(t, "pass", file) is { } ps
            ? int.TryParse(ps, out var lp) && lp is >= 1 and <= 5 ? lp : throw Error(file, t["pass"], "pass is 1 (parse) to 5 (run)")
            : 5;
        var expect = ParseExpect(e, file, name);
        if (lastPass < 5 && (expect.Output is not null || expect.OutputMatches is not null || expect.Crash is not null))
            throw Error(file, e, $"test '{name}' stops at pass {lastPass}: nothing runs, so expect no output and no crash");
        if (expect.FailsAtPass is { } fp && fp > lastPass)
            throw Error(file, e["fails-at-pass"], $"fails-at-pass {fp} is after the last pass run ({lastPass})");
        var engines = List(t, "engines", file);
        if (Engines.EngineRegistry.FirstUnknown(engines) is { } en)
            throw Error(file, t["engines"], $"test '{name}': {Engines.EngineRegistry.Unknown(en)}");
        var arches = List(t, "arches", file);
        CheckArches(arches, file, t, "arches");
        var modules = List(t, "modules", file);
        foreach (var m in modules)
        {
            try { _ = GuestModules.ModuleSource.Get(m); }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            { throw Error(file, t["modules"], $"test '{name}': module '{m}': {ex.Message}"); }
        }
        return new SuiteTest(name, engines, arches, scriptPath,
            workload, timeout, runtime, Bool(t, "guru", file) || needs.Contains("guru"), expect,
            $"{file}:{t.Start.Line}")
        {
            When = Child(t, "when") is { } w ? ParseConditions(w, file) : Conditions.Always,
            Needs = needs,
            LastPass = lastPass,
            Modules = modules,
        };
    }

    private static Conditions ParseConditions(YamlNode node, string file)
    {
        if (node is not YamlMappingNode m) throw Error(file, node, "'when' is a mapping with arches, kernels, engine-versions");
        CheckKeys(m, ConditionKeys, file, "when");
        var arches = List(m, "arches", file);
        CheckArches(arches, file, m, "arches");
        return new Conditions(arches, Range(m, "kernels", file), Range(m, "engine-versions", file));
    }

    /// <summary>Architectures are the arch table's: a misspelt one would never match, silently.</summary>
    private static void CheckArches(IReadOnlyList<string> arches, string file, YamlMappingNode m, string key)
    {
        foreach (var a in arches.Where(a => Architectures.ArchTable.All.All(r => r.Name != a)))
            throw Error(file, m[key], $"unknown architecture '{a}'; known: {string.Join(", ", Architectures.ArchTable.All.Select(r => r.Name))}");
    }

    private static VersionRange? Range(YamlMappingNode m, string key, string file)
    {
        if (Scalar(m, key, file) is not { } text) return null;
        try { return VersionRange.Parse(text); }
        catch (FormatException e) { throw Error(file, m[key], $"{key}: {e.Message}"); }
    }

    /// <summary>xfail/kfail: a reason alone, or a mapping with reason, bug and when.</summary>
    private static (string Reason, string? Bug, Conditions When)? Failure(YamlMappingNode e, string key, string file, bool bugRequired)
    {
        switch (Child(e, key))
        {
            case null:
                return null;
            case YamlScalarNode s when !bugRequired:
                return (s.Value!, null, Conditions.Always);
            case YamlMappingNode m:
                CheckKeys(m, FailureKeys, file, key);
                var reason = Scalar(m, "reason", file) ?? throw Error(file, m, $"{key} needs a 'reason'");
                return (reason, Scalar(m, "bug", file), Child(m, "when") is { } w ? ParseConditions(w, file) : Conditions.Always);
            case var n:
                throw Error(file, n, $"{key} is {(bugRequired ? "" : "a reason, or ")}a mapping with 'reason', 'bug' and 'when'");
        }
    }

    /// <summary>kretprobe-misses: {probe, function, tasks, maxactive} (<see cref="Stress.KretprobeMissOracle"/>).</summary>
    private static Stress.KretprobeMissOracle KretprobeMisses(YamlNode node, string file)
    {
        if (node is not YamlMappingNode m) throw Error(file, node, "kretprobe-misses is a mapping with probe, function, tasks, maxactive");
        CheckKeys(m, ["probe", "function", "tasks", "maxactive"], file, "kretprobe-misses");
        string Need(string key) => Scalar(m, key, file) ?? throw Error(file, m, $"kretprobe-misses needs '{key}'");
        int Count(string key) => int.TryParse(Need(key), out var n) && n > 0 ? n : throw Error(file, m[key], $"kretprobe-misses: {key} is a positive number");
        return new Stress.KretprobeMissOracle(Need("probe"), Need("function"), Count("tasks"), Count("maxactive"));
    }

    /// <summary>kretprobe-no-misses: {probe, function} (<see cref="Stress.NoMissOracle"/>).</summary>
    private static Stress.NoMissOracle NoMisses(YamlNode node, string file)
    {
        if (node is not YamlMappingNode m) throw Error(file, node, "kretprobe-no-misses is a mapping with probe, function");
        CheckKeys(m, ["probe", "function"], file, "kretprobe-no-misses");
        return new Stress.NoMissOracle(Scalar(m, "probe", file) ?? throw Error(file, m, "kretprobe-no-misses needs 'probe'"),
            Scalar(m, "function", file) ?? throw Error(file, m, "kretprobe-no-misses needs 'function'"));
    }

    private static Expectation ParseExpect(YamlMappingNode e, string file, string test)
    {
        CheckKeys(e, ExpectKeys, file, "expect");
        var exit = Scalar(e, "exit", file) is { } x
            ? int.TryParse(x, out var v) ? v : throw Error(file, e["exit"], "exit is a number")
            : 0;
        KnownFailure? kfail = Failure(e, "kfail", file, bugRequired: true) is { } k
            ? new KnownFailure(k.Reason, k.Bug) { When = k.When }
            : null;
        ExpectedCrash? crash = null;
        if (Child(e, "crash") is YamlMappingNode c)
        {
            CheckKeys(c, ["culprit", "title-matches", "reason"], file, "crash");
            var culprit = Scalar(c, "culprit", file) ?? "kernel";
            if (culprit is not ("kernel" or "probe-engine")) throw Error(file, c, "crash culprit is 'kernel' or 'probe-engine'");
            var titleMatches = Scalar(c, "title-matches", file);
            if (titleMatches is not null)
            {
                try { _ = new System.Text.RegularExpressions.Regex(titleMatches); }
                catch (ArgumentException ex) { throw Error(file, c["title-matches"], $"title-matches: bad regular expression: {ex.Message}"); }
            }
            crash = new ExpectedCrash(culprit, titleMatches, Scalar(c, "reason", file));
        }
        else if (Child(e, "crash") is { } cn) throw Error(file, cn, "crash is a mapping with 'culprit', 'title-matches', 'reason'");
        var xfailed = Failure(e, "xfail", file, bugRequired: false);
        var xfail = xfailed?.Reason;
        var failsAt = Scalar(e, "fails-at-pass", file) is { } fa
            ? int.TryParse(fa, out var fap) && fap is >= 1 and <= 5 ? fap : throw Error(file, e["fails-at-pass"], "fails-at-pass is 1 (parse) to 5 (run)")
            : (int?)null;
        // A crash may be expected beside an xfail/kfail that holds only somewhere (its `when`): there
        // the failure is expected instead of the crash. Otherwise one kind of failure per test.
        var conditional = (xfailed?.When.IsAlways == false) || (kfail?.When.IsAlways == false);
        if (new object?[] { xfail, kfail, crash }.Count(o => o is not null) > (crash is not null && conditional ? 2 : 1)
            || (xfail is not null && kfail is not null))
            throw Error(file, e, $"test '{test}': at most one of xfail, kfail, crash (a crash may go with an xfail or kfail limited by 'when')");
        var output = Scalar(e, "output", file);
        var matches = Scalar(e, "output-matches", file);
        if (output is not null && matches is not null) throw Error(file, e, "output and output-matches exclude each other");
        if (matches is not null)
        {
            try { _ = new System.Text.RegularExpressions.Regex(matches); }
            catch (ArgumentException ex) { throw Error(file, e["output-matches"], $"bad regular expression: {ex.Message}"); }
        }
        if (failsAt is not null && (output is not null || matches is not null || crash is not null))
            throw Error(file, e, $"test '{test}': a script rejected at a pass prints nothing; fails-at-pass excludes output and crash");
        if (Child(e, "kretprobe-misses") is not null && Child(e, "kretprobe-no-misses") is not null)
            throw Error(file, e, $"test '{test}': kretprobe-misses and kretprobe-no-misses exclude each other");
        return new Expectation(output, matches, exit, xfail, kfail, crash)
        {
            Oracle = Child(e, "kretprobe-misses") is { } km ? KretprobeMisses(km, file)
                : Child(e, "kretprobe-no-misses") is { } nm ? NoMisses(nm, file) : null,
            FailsAtPass = failsAt,
            XFailBug = xfailed?.Bug,
            XFailWhen = xfailed?.When ?? Conditions.Always,
        };
    }
}

namespace ProbeHarness.Conformance;

/// <summary>Whether a long option takes an argument, as getopt_long's has_arg says.</summary>
public enum OptionArgument { None, Required, Optional }

/// <summary>
/// stap's command-line grammar as stap itself hands it to glibc's getopt_long: the short-option
/// string of session.cxx and the long-option table of cmdline.cxx (SystemTap 4.8 and 5.x; the
/// installed stap is checked against it by probing every name). The stap shim gives the same
/// grammar to util-linux getopt, which parses with the same glibc getopt_long, so `-Wp2`,
/// `-p 2`, `-vp4`, abbreviated long options and `--` read exactly as stap reads them.
/// </summary>
public static class StapOptions
{
    /// <summary>Short options; a letter followed by ':' takes an argument (attached, "-p2", or the next word, "-p 2").</summary>
    public const string Short = "hVvtp:I:e:E:o:R:r:a:m:kgPc:x:D:bs:uqiwl:d:L:FS:B:J:jWG:T:";

    public static readonly IReadOnlyList<(string Name, OptionArgument Argument)> Long =
    [
        ("skip-badvars", OptionArgument.None), ("vp", OptionArgument.Required), ("unprivileged", OptionArgument.None),
        ("client-options", OptionArgument.None), ("help", OptionArgument.None), ("disable-cache", OptionArgument.None),
        ("poison-cache", OptionArgument.None), ("clean-cache", OptionArgument.None), ("compatible", OptionArgument.Required),
        ("ldd", OptionArgument.None), ("use-server", OptionArgument.Optional), ("list-servers", OptionArgument.Optional),
        ("trust-servers", OptionArgument.Optional), ("use-server-on-error", OptionArgument.Optional),
        ("use-http-server", OptionArgument.Required), ("all-modules", OptionArgument.None), ("sign-module", OptionArgument.Optional),
        ("remote", OptionArgument.Required), ("remote-prefix", OptionArgument.None), ("check-version", OptionArgument.None),
        ("version", OptionArgument.None), ("tmpdir", OptionArgument.Required), ("download-debuginfo", OptionArgument.Optional),
        ("dump-probe-types", OptionArgument.None), ("dump-probe-aliases", OptionArgument.None), ("dump-functions", OptionArgument.None),
        ("privilege", OptionArgument.Required), ("suppress-handler-errors", OptionArgument.None), ("modinfo", OptionArgument.Required),
        ("rlimit-as", OptionArgument.Required), ("rlimit-cpu", OptionArgument.Required), ("rlimit-nproc", OptionArgument.Required),
        ("rlimit-stack", OptionArgument.Required), ("rlimit-fsize", OptionArgument.Required), ("sysroot", OptionArgument.Required),
        ("sysenv", OptionArgument.Required), ("suppress-time-limits", OptionArgument.None), ("runtime", OptionArgument.Required),
        ("dyninst", OptionArgument.None), ("bpf", OptionArgument.None), ("benchmark-sdt", OptionArgument.None),
        ("benchmark-sdt-loops", OptionArgument.Required), ("benchmark-sdt-threads", OptionArgument.Required),
        ("color", OptionArgument.Optional), ("colour", OptionArgument.Optional), ("prologue-searching", OptionArgument.Optional),
        ("save-uprobes", OptionArgument.None), ("target-namespaces", OptionArgument.Required), ("monitor", OptionArgument.Optional),
        ("interactive", OptionArgument.None), ("example", OptionArgument.None), ("no-global-var-display", OptionArgument.None),
        ("language-server", OptionArgument.None),
    ];

    /// <summary>Short options that take an argument.</summary>
    public static string ShortWithArgument =>
        string.Concat(Short.Where((c, i) => c != ':' && i + 1 < Short.Length && Short[i + 1] == ':'));

    /// <summary>The long table as getopt's -l list: "vp:" required, "use-server::" optional.</summary>
    public static string LongSpec => string.Join(',', Long.Select(o => o.Name + o.Argument switch
    {
        OptionArgument.Required => ":", OptionArgument.Optional => "::", _ => "",
    }));

    /// <summary>Options that print and exit before any pass (-V, -h): never a module.</summary>
    public static readonly IReadOnlyList<string> PrintOnly = ["-V", "-h", "--help", "--version"];

    /// <summary>Options that list probe points or tapset contents (stap stops after pass 2 unless told -p5).</summary>
    public static readonly IReadOnlyList<string> Listing = ["-l", "-L", "--dump-probe-types", "--dump-probe-aliases", "--dump-functions"];
}

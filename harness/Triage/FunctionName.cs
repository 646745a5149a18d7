using System.Text.RegularExpressions;
using ProbeHarness.Architectures;

namespace ProbeHarness.Triage;

/// <summary>Turns a symbol as printed in a frame into the stable name a title uses.</summary>
public static partial class FunctionName
{
    // Compiler clones (.isra.0, .constprop.3, .part.1, .cold, .llvm.123...) are the same source
    // function; which clone was hit changes with the compiler, not with the bug.
    [GeneratedRegex(@"(?:\.(?:isra|constprop|part|cold|llvm|lto_priv|localalias|clone)(?:\.\d+)?)+$")]
    private static partial Regex CloneSuffix();

    [GeneratedRegex(@"\+0x[0-9a-fA-F]+(?:/0x[0-9a-fA-F]+)?$")]
    private static partial Regex Offset();

    // The arch-specific part of each row's syscall entry prefix ("__x64_" of "__x64_sys_"), longest first;
    // powerpc's plain "sys_" adds none. The generic wrappers of include/linux/syscalls.h follow.
    private static readonly string[] WrapperPrefixes =
        ArchTable.All.Select(a => a.SyscallPrefix[..^"sys_".Length]).Where(p => p.Length > 0)
            .Concat(["__se_", "__do_"]).Distinct().OrderByDescending(p => p.Length).ToArray();

    public static string Normalise(string symbol)
    {
        var s = Offset().Replace(symbol.Trim(), "");
        return Syscall(CloneSuffix().Replace(s, ""));
    }

    /// <summary>
    /// A syscall's wrappers are the syscall: __x64_sys_newuname, __arm64_sys_newuname, __se_sys_newuname
    /// and __do_sys_newuname are all sys_newuname (compat ones compat_sys_...), so a title is the same
    /// on every architecture, as syzkaller's are.
    /// </summary>
    public static string Syscall(string function)
    {
        foreach (var p in WrapperPrefixes)
        {
            if (!function.StartsWith(p, StringComparison.Ordinal)) continue;
            var rest = function[p.Length..];
            if (rest.StartsWith("sys_", StringComparison.Ordinal) || rest.StartsWith("compat_sys_", StringComparison.Ordinal))
                return Syscall(rest);
        }
        return function;
    }
}

using ProbeHarness.Architectures;

namespace ProbeHarness.Engines;

/// <summary>
/// Fills the architecture placeholders of a probe script, so one script serves every
/// architecture: ${SYSCALL_PREFIX} (e.g. __x64_sys_), ${ARCH} (the harness's arch name),
/// ${RETURN_REGISTER} (the pt_regs field of a function's return value, for guru-mode injection: ax, regs[0]).
/// </summary>
public static class ScriptTemplate
{
    public static string Render(string script, Arch arch) =>
        script.Replace("${SYSCALL_PREFIX}", arch.SyscallPrefix).Replace("${ARCH}", arch.Name)
            .Replace("${RETURN_REGISTER}", arch.ReturnRegister);
}

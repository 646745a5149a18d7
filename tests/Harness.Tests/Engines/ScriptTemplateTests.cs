using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Engines;

namespace ProbeHarness.Tests.Engines;

public class ScriptTemplateTests
{
    [Test]
    public void Placeholders_come_from_the_architecture_row()
    {
        Assert.That(ScriptTemplate.Render("kprobe.function(\"${SYSCALL_PREFIX}getpid\") /* ${ARCH} */", ArchTable.Get("arm64")),
            Is.EqualTo("kprobe.function(\"__arm64_sys_getpid\") /* arm64 */"));
    }

    [Test]
    public void The_return_register_is_the_rows_for_guru_mode_injection()
    {
        Assert.That(ScriptTemplate.Render("CONTEXT->kregs->${RETURN_REGISTER} = -13;", ArchTable.Get("x86_64")), Is.EqualTo("CONTEXT->kregs->ax = -13;"));
        Assert.That(ScriptTemplate.Render("CONTEXT->kregs->${RETURN_REGISTER} = -13;", ArchTable.Get("ppc64le")), Is.EqualTo("CONTEXT->kregs->gpr[3] = -13;"));
    }
}

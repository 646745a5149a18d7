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
}

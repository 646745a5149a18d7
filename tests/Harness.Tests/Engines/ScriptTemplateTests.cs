using System.Diagnostics;
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

    /// <summary>The guest's sh reads a quoted value back unchanged, whatever it holds.</summary>
    [FsCheck.NUnit.Property(MaxTest = 40)]
    public bool Sh_quoting_cannot_be_broken_out_of(string value)
    {
        value = new string((value ?? "").Where(c => c != '\0').ToArray());
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("printf %s " + ScriptTemplate.ShQuote(value));
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output == value;
    }
}

using System.Globalization;
using NUnit.Framework;
using ProbeHarness.Conformance;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Processes;

/// <summary>
/// A suite's command line tries to load a module on the host, for real, through the path every
/// suite and testsuite command takes (<see cref="HostCommand"/>). Nothing can load by construction:
/// the file offered to the kernel is a few bytes of text, not a module, so even if the drop
/// regressed the kernel would refuse the image (ENOEXEC) — the test would then fail on the error
/// it reads, never load anything. With the drop, finit_module (the call insmod makes) fails with
/// EPERM at the capability check, before the kernel looks at the file. The capability sets of the
/// command (bounding, permitted, effective, inheritable, ambient) are read from inside it too.
/// </summary>
[Category("HostSafety")]
public class WithoutModuleLoadingTests
{
    private const string FinitModule = """
        #include <errno.h>
        #include <fcntl.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/syscall.h>
        #include <unistd.h>
        /* What insmod does with an uncompressed file: finit_module(fd, "", 0). */
        int main(int argc, char **argv)
        {
            int fd = open(argv[1], O_RDONLY);
            if (fd < 0) { perror("open"); return 2; }
            long r = syscall(SYS_finit_module, fd, "", 0);
            printf("finit_module: %s\n", r == 0 ? "loaded" : strerror(errno));
            return r == 0 ? 0 : 1;
        }
        """;

    [Test]
    public async Task A_suite_command_cannot_load_a_module_on_the_host()
    {
        var dir = Directory.CreateTempSubdirectory("ph-host-safety-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "finit.c"), FinitModule);
            await Tool.CheckAsync("gcc", ["-O0", "-o", Path.Combine(dir, "finit"), Path.Combine(dir, "finit.c")], TimeSpan.FromMinutes(2));
            File.WriteAllText(Path.Combine(dir, "not-a-module.ko"), "plain text, not an ELF kernel module\n");
            var commands = new HostCommand(Directory.CreateDirectory(Path.Combine(dir, "shim")).FullName, Path.Combine(dir, "stap-cache"));

            // As a suite would write it: the capability sets, the syscall, and insmod by path where the host has it.
            var r = await commands.ShellAsync("""
                grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):' /proc/self/status
                ./finit ./not-a-module.ko
                for insmod in /sbin/insmod /usr/sbin/insmod; do
                    [ -x $insmod ] && { echo "insmod: $($insmod ./not-a-module.ko 2>&1)"; break; }
                done
                true
                """, dir, TimeSpan.FromMinutes(1), default);
            TestContext.Out.WriteLine($"{r.Command}\n{r.Stdout}{r.Stderr}");
            TestContext.Out.WriteLine($"the test process itself: CapBnd {Field(File.ReadAllText("/proc/self/status"), "CapBnd")}");

            Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
            foreach (var set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
                Assert.That(HasSysModule(Field(r.Stdout, set)), Is.False, $"{set} still holds CAP_SYS_MODULE");
            Assert.That(Field(r.Stdout, "NoNewPrivs"), Is.EqualTo("1"));
            // A kernel built without module support (no /proc/modules, as some VM hosts are) answers ENOSYS
            // before any capability check: there the capability sets above are what the test can see.
            var refusal = File.Exists("/proc/modules") ? "Operation not permitted" : "Function not implemented";
            Assert.That(Field(r.Stdout, "finit_module"), Is.EqualTo(refusal));
            if (r.Stdout.Contains("insmod:")) Assert.That(Field(r.Stdout, "insmod"), Does.Contain(refusal));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_command_runs_under_setpriv_with_the_drop_before_it() =>
        Assert.That(WithoutModuleLoading.Arguments("/usr/bin/stap", ["-p5", "x.stp"]), Is.EqualTo(new[]
        {
            "--bounding-set=-sys_module", "--inh-caps=-sys_module", "--ambient-caps=-sys_module", "--no-new-privs", "--",
            "/usr/bin/stap", "-p5", "x.stp",
        }));

    private static string Field(string text, string name) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..].Trim()
        ?? throw new AssertionException($"no '{name}:' line in:\n{text}");

    private static bool HasSysModule(string hexMask) =>
        (ulong.Parse(hexMask, NumberStyles.HexNumber, CultureInfo.InvariantCulture) >> WithoutModuleLoading.CapSysModule & 1) == 1;
}

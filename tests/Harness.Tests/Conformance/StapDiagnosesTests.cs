using NUnit.Framework;
using ProbeHarness.Conformance;

namespace ProbeHarness.Tests.Conformance;

public class StapDiagnosesTests
{
    [Test]
    public void Missing_kernel_debuginfo_is_unsupported_with_the_reason()
    {
        var d = StapDiagnoses.Of(1, "semantic error: while resolving probe point: identifier 'kernel' at a.stp:1:7\n" +
            "        source: probe kernel.function(\"vfs_read\") {\n" +
            "semantic error: missing x86_64 kernel/module debuginfo [man warning::debuginfo] under '/x/build'\n" +
            "Pass 2: analysis failed.  [man error::pass2]\n", false, TimeSpan.FromMinutes(1));
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported));
        Assert.That(d.Reason, Does.StartWith("needs kernel debuginfo"));
        Assert.That(d.Pass, Is.EqualTo(2));
    }

    [Test]
    public void A_signal_or_an_internal_error_is_a_crash_whatever_else()
    {
        Assert.That(StapDiagnoses.Of(139, "", false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Crashed));
        Assert.That(StapDiagnoses.Of(1, "internal error: bad thing\n", false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Crashed));
        Assert.That(StapDiagnoses.Of(-1, "", true, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Hung));
    }

    [Test]
    public void A_plain_rejection_names_the_pass()
    {
        var d = StapDiagnoses.Of(1, "parse error: expected statement\nPass 1: parse failed.  [man error::pass1]\n", false, TimeSpan.FromMinutes(1));
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(d.Reason, Does.StartWith("pass 1: parse error"));
    }

    [TestCase("semantic error: while resolving probe point: identifier 'kernel' at /usr/share/systemtap/tapset/linux/syscalls.stpm:4:5\nPass 2: analysis failed.  [man error::pass2]\n", "probe points")]
    [TestCase("semantic error: type definition 'socket' not found in 'kernel': operator '@cast' at pfiles.stp:10:3\nPass 2: analysis failed.  [man error::pass2]\n", "@cast")]
    public void Probe_points_and_types_that_need_DWARF_are_unsupported(string stderr, string why)
    {
        var d = StapDiagnoses.Of(1, stderr, false, TimeSpan.FromMinutes(1));
        Assert.That((d.Kind, d.Reason.StartsWith("needs kernel debuginfo"), d.Reason.Contains(why)), Is.EqualTo((StapVerdictKind.Unsupported, true, true)), d.Reason);
    }

    [Test]
    public void A_kprobe_on_a_symbol_the_kernel_lacks_stays_a_rejection() =>
        Assert.That(StapDiagnoses.Of(1, "semantic error: while resolving probe point: identifier 'kprobe' at fsslower-nd.stp:6:7\nPass 2: analysis failed.  [man error::pass2]\n",
            false, TimeSpan.FromMinutes(1)).Kind, Is.EqualTo(StapVerdictKind.Rejected));

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // Tapset text as SystemTap 4.8 ships it (linux/nfsd.stp, linux/scheduler.stp), cut down.
    private static readonly ProbeSources Tapsets = ProbeSources.Parse([
        """
        probe nfsd.proc.lookup =
              nfsd.proc4.lookup ?,
              nfsd.proc3.lookup,
              nfsd.proc2.lookup
        {}
        probe nfsd.proc3.lookup = kernel.function("nfsd3_proc_lookup") !,
                                  module("nfsd").function("nfsd3_proc_lookup") ?
        {
        	client_ip = addr_from_rqst_str($rqstp)
        }
        probe nfsd.proc2.lookup = kernel.function("nfsd_proc_lookup") !,
                                  module("nfsd").function("nfsd_proc_lookup") ?
        { version = 2 }
        probe nfsd.proc4.lookup = kernel.function("nfsd4_lookup") !,
                                  module("nfsd").function("nfsd4_lookup") ?
        { version = 4 }
        probe scheduler.cpu_on = kernel.function("finish_task_switch") ?
        {
            name = "cpu_on"
        }
        probe scheduler.ctxswitch = kernel.trace("sched_switch") !, kernel.function("__switch_to") { }
        """]);

    // Real stderr of SystemTap 4.8 (x86_64, 6.1.0-56-amd64, headers and System.map, no debuginfo).
    private const string NfsdTrace = """
        semantic error: while resolving probe point: identifier 'nfsd' at /usr/share/systemtap/tapset/linux/nfsd.stp:312:7
                source:       nfsd.proc3.lookup,
                              ^

        semantic error: no match

        Pass 2: analysis failed.  [man error::pass2]
        Number of similar error messages suppressed: 20.
        Rerun with -v to see them.
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    private const string ChngCpu = """
        semantic error: while resolving probe point: identifier 'scheduler' at chng_cpu.stp:23:7
                source: probe scheduler.cpu_on
                              ^

        semantic error: no match

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    [TestCase(NfsdTrace, "nfsd.proc3.lookup")]
    [TestCase(ChngCpu, "scheduler.cpu_on")]
    public void A_tapset_alias_over_kernel_function_points_only_needs_kernel_debuginfo(string stderr, string point)
    {
        var d = StapDiagnoses.Of(1, stderr, false, Minute, Tapsets);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported), d.Reason);
        Assert.That(d.Reason, Does.StartWith("needs kernel debuginfo").And.Contain(point));
        Assert.That(d.Pass, Is.EqualTo(2));
    }

    [Test]
    public void A_tapset_alias_that_can_resolve_without_DWARF_stays_a_rejection()
    {
        var stderr = ChngCpu.Replace("scheduler.cpu_on", "scheduler.ctxswitch");
        Assert.That(StapDiagnoses.Of(1, stderr, false, Minute, Tapsets).Kind, Is.EqualTo(StapVerdictKind.Rejected));
    }

    [Test]
    public void An_unknown_alias_stays_a_rejection() =>
        Assert.That(StapDiagnoses.Of(1, ChngCpu.Replace("scheduler.cpu_on", "nosuch.thing"), false, Minute, Tapsets).Kind,
            Is.EqualTo(StapVerdictKind.Rejected));

    [Test]
    public void The_hosts_own_tapsets_are_read_when_none_are_given()
    {
        if (!Directory.Exists("/usr/share/systemtap/tapset")) Assert.Ignore("no SystemTap installed on this host");
        Assert.That(StapDiagnoses.Of(1, ChngCpu, false, Minute).Kind, Is.EqualTo(StapVerdictKind.Unsupported));
        Assert.That(StapDiagnoses.Of(1, NfsdTrace, false, Minute).Kind, Is.EqualTo(StapVerdictKind.Unsupported));
    }

    private const string Enospc = """
        semantic error: no probes found

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    [Test]
    public void No_probes_found_when_every_point_is_an_optional_kernel_function_needs_kernel_debuginfo()
    {
        var script = Tapsets.With("""
            /* Catch ENOSPC in ext4 file system */
            probe {kernel,module("ext4")}.function("ext4_should_retry_alloc").return ?
            {
            	if (0 == $return)
                      warnlog("ext4", @entry($sb->s_dev));
            }
            probe {kernel,module("xfs")}.function("xfs_vn_mknod").return ? { }
            function warnlog(fsname:string, dev:long) { printf("%s\n", fsname) }
            """);
        var d = StapDiagnoses.Of(1, Enospc, false, Minute, script);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported), d.Reason);
        Assert.That(d.Reason, Does.StartWith("needs kernel debuginfo"));
    }

    [Test]
    public void No_probes_found_with_a_kprobe_or_without_the_script_stays_a_rejection()
    {
        var script = Tapsets.With("""
            probe kernel.function("a") ?, kprobe.function("b") ? { }
            """);
        Assert.That(StapDiagnoses.Of(1, Enospc, false, Minute, script).Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(StapDiagnoses.Of(1, Enospc, false, Minute, Tapsets).Kind, Is.EqualTo(StapVerdictKind.Rejected));
    }

    private const string FslatencyNd = """
        semantic error: while resolving probe point: identifier 'kprobe' at fslatency-nd.stp:62:20
                source: probe __vfs_read = kprobe.function("__vfs_read")
                                           ^

        semantic error: no match (similar functions: vfs_read, vcs_read, vfs_readv, fb_read, __bh_read)

        semantic error: while resolving probe point: identifier '__vfs_read' at :59:55
                source: probe read_funcs = kprobe.function("do_sync_read") !, __vfs_read
                                                                              ^

        semantic error: no match

        Pass 2: analysis failed.  [man error::pass2]
        Number of similar error messages suppressed: 10.
        Rerun with -v to see them.
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    [Test]
    public void A_kprobe_on_a_function_the_kernel_lacks_is_a_failure_that_names_the_function()
    {
        var d = StapDiagnoses.Of(1, FslatencyNd, false, Minute, Tapsets);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(d.Reason, Does.StartWith("the kernel lacks the probed function kprobe.function(\"__vfs_read\")"));
        Assert.That(StapDiagnoses.FailedPoint(FslatencyNd), Is.EqualTo("kprobe.function(\"__vfs_read\")"));
    }

    private const string Sizeof = """
        <command-line>: fatal error: include/linux/sched.h: No such file or directory
        compilation terminated.
        make[1]: *** [/root/.cache/probe-harness/kernel-headers/4df1b8787b5ca6fb8766d753/usr/src/linux-headers-6.1.0-56-common/scripts/Makefile.build:255: /tmp/stapjRySTQ/typequery_kmod_1/typequery_kmod_1.o] Error 1
        make: *** [/root/.cache/probe-harness/kernel-headers/4df1b8787b5ca6fb8766d753/usr/src/linux-headers-6.1.0-56-common/Makefile:2065: /tmp/stapjRySTQ/typequery_kmod_1] Error 2
        WARNING: kbuild exited with status: 2
        semantic error: type definition 'task_struct' not found in 'kernel<include/linux/sched.h>': operator '@cast' at /usr/share/systemtap/tapset/sizeof.stpm:8:9
                source:     ( & @cast(0, @type, @module) [1] )
                                ^
        	in expansion of macro: operator '@cast_module_sizeof' at sizeof.stp:12:6
                source: 	    @cast_module_sizeof(@2, @1))
                        	    ^

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    [Test]
    public void A_kernel_header_outside_Debians_split_build_tree_is_a_failure_that_says_so()
    {
        var d = StapDiagnoses.Of(1, Sizeof, false, Minute, Tapsets);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(d.Reason, Does.StartWith("the header include/linux/sched.h is not in the kernel build tree").And.Contain("a Debian host"));
    }

    private const string KmallocTop = """
        semantic error: while resolving probe point: identifier 'kernel' at <input>:4:7
                source: probe kernel.function("__kmalloc") { kmalloc_stack[backtrace()]++ }
                              ^

        semantic error: missing x86_64 kernel/module debuginfo [man warning::debuginfo] under '/root/.cache/probe-harness/build-trees/fbaa14419408809222cd1b1f'

        Pass 2: analysis failed.  [man error::pass2]
        Tip: /usr/share/doc/systemtap/README.Debian should help you get started.

        """;

    [Test]
    public void A_wrapper_that_exits_0_after_stap_failed_is_judged_by_stap()
    {
        var d = StapDiagnoses.Of(0, KmallocTop, false, Minute, Tapsets);
        Assert.That(d.Kind, Is.EqualTo(StapVerdictKind.Unsupported));
        Assert.That(d.Reason, Does.StartWith("needs kernel debuginfo"));
        Assert.That(StapDiagnoses.Of(0, "Pass 2: analysis failed.  [man error::pass2]\n", false, Minute, Tapsets).Kind, Is.EqualTo(StapVerdictKind.Rejected));
        Assert.That(StapDiagnoses.Of(0, "/x/stap_1.ko\n", false, Minute, Tapsets).Kind, Is.EqualTo(StapVerdictKind.Accepted));
    }
}

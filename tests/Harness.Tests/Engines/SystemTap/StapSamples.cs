namespace ProbeHarness.Tests.Engines.SystemTap;

/// <summary>stap stderr captured on this machine (stap 4.8-2, headers 6.1.0-56-amd64).</summary>
internal static class StapSamples
{
    /// <summary>stap -p4 -r .../linux-headers-6.1.0-56-amd64 -e 'probe begin { exit() }', stock runtime.</summary>
    public const string Pass4TaskWorkCancel = """
WARNING: Kernel function symbol table missing [man warning::symbols]
In file included from /usr/share/systemtap/runtime/stp_utrace.c:28,
                 from /usr/share/systemtap/runtime/linux/task_finder2.c:4,
                 from /usr/share/systemtap/runtime/linux/task_finder.c:17,
                 from /usr/share/systemtap/runtime/linux/runtime.h:275,
                 from /usr/share/systemtap/runtime/runtime.h:26,
                 from /tmp/stapoih7N9/stap_unpatched_src.c:21:
/usr/share/systemtap/runtime/stp_task_work.c: In function ‘stp_task_work_cancel’:
/usr/share/systemtap/runtime/stp_task_work.c:107:40: error: passing argument 2 of ‘(bool (*)(struct task_struct *, struct callback_head *))kallsyms_task_work_cancel’ from incompatible pointer type [-Werror=incompatible-pointer-types]
  107 |         twork = task_work_cancel(task, func);
      |                                        ^~~~
      |                                        |
      |                                        task_work_func_t {aka void (*)(struct callback_head *)}
/usr/share/systemtap/runtime/stp_task_work.c:107:40: note: expected ‘struct callback_head *’ but argument is of type ‘task_work_func_t’ {aka ‘void (*)(struct callback_head *)’}
/usr/share/systemtap/runtime/stp_task_work.c:13:26: error: incompatible types when assigning to type ‘struct callback_head *’ from type ‘bool’ {aka ‘_Bool’}
   13 | #define task_work_cancel (* (task_work_cancel_fn)kallsyms_task_work_cancel)
      |                          ^
/usr/share/systemtap/runtime/stp_task_work.c:107:17: note: in expansion of macro ‘task_work_cancel’
  107 |         twork = task_work_cancel(task, func);
      |                 ^~~~~~~~~~~~~~~~
cc1: all warnings being treated as errors
make[1]: *** [/tmp/stapwork/usr/src/linux-headers-6.1.0-56-common/scripts/Makefile.build:255: /tmp/stapoih7N9/stap_unpatched_src.o] Error 1
make: *** [/tmp/stapwork/usr/src/linux-headers-6.1.0-56-common/Makefile:2065: /tmp/stapoih7N9] Error 2
WARNING: kbuild exited with status: 2
Pass 4: compilation failed.  [man error::pass4]
Tip: /usr/share/doc/systemtap/README.Debian should help you get started.
""";

    /// <summary>stap -p2 -r ... -e 'probe kprobe.function("do_sys_open") { exit() }' without a System.map.</summary>
    public const string Pass2NoMatch = """
WARNING: Kernel function symbol table missing [man warning::symbols]
semantic error: while resolving probe point: identifier 'kprobe' at <input>:1:7
        source: probe kprobe.function("do_sys_open") { exit() }
                      ^

semantic error: no match

Pass 2: analysis failed.  [man error::pass2]
Tip: /usr/share/doc/systemtap/README.Debian should help you get started.
""";

    /// <summary>stap -p1 -r ... -e 'probe begin { exit( }'.</summary>
    public const string Pass1Parse = """
WARNING: Kernel function symbol table missing [man warning::symbols]
parse error: expected literal string or number
        saw: operator '}' at <input>:1:21
     source: probe begin { exit( }
                                 ^

1 parse error.
Pass 1: parse failed.  [man error::pass1]
Tip: /usr/share/doc/systemtap/README.Debian should help you get started.
""";

    /// <summary>stap -p4 -r /nonexistent t.stp.</summary>
    public const string SetupNoTree = """
ERROR: kernel release isn't found in "/nonexistent"
Tip: /usr/share/doc/systemtap/README.Debian should help you get started.
""";

    /// <summary>A semantic error without stap's closing "Pass 2" line (output cut short).</summary>
    public const string SemanticOnly = """
semantic error: type mismatch: expected long but found string: string 'x' at :1:42
        source: probe begin { printf("%d\n", nosuchvar + "x") }
""";

    public const string Version48 = """
Systemtap translator/driver (version 4.8/0.188, Debian version 4.8-2)
Copyright (C) 2005-2022 Red Hat, Inc. and others
This is free software; see the source for copying conditions.
""";
}

using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>
/// Frames that never name a bug: the machinery that reports, traps, unwinds and enters. A title
/// names the first frame after these. Entries are globs ('*' matches any run of characters).
/// </summary>
public static class GenericFrames
{
    /// <summary>Skipped in every report.</summary>
    public static readonly IReadOnlyList<string> Always =
    [
        // Reporting
        "dump_stack*", "__dump_stack", "show_stack", "show_regs", "show_trace_log_lvl", "dump_backtrace*",
        "printk*", "_printk", "vprintk*", "panic", "nmi_panic", "__stack_chk_fail", "check_panic_on_warn", "__warn*", "warn_slowpath*",
        "__report_bug", "report_bug", "handle_bug", "bug_handler", "die", "__die", "__die_body", "die_kernel_fault",
        "oops_*", "do_trap*", "do_error_trap", "do_int3*", "exc_*", "asm_exc_*", "fixup_exception",
        "nmi_cpu_backtrace*", "nmi_trigger_cpumask_backtrace", "arch_trigger_cpumask_backtrace",
        "print_report", "kasan_*", "__kasan_*", "__asan_*", "check_memory_region*", "kfence_*",
        "__ubsan_handle_*", "ubsan_*", "lockdep_*", "print_*", "__might_sleep", "__might_resched", "might_sleep",
        // Page faults
        "page_fault_oops", "kernelmode_fixup_or_oops", "__bad_area_nosemaphore", "bad_area*", "do_user_addr_fault",
        "do_kern_addr_fault", "handle_page_fault", "no_context", "__do_kernel_fault", "do_page_fault",
        "do_translation_fault", "do_mem_abort", "do_bad_area", "el1_abort", "el1_da", "el1_undef", "el1_dbg",
        "el1h_64_*", "el1_*", "do_el1_*", "__do_page_fault", "bad_page_fault", "do_exception", "do_dat_exception",
        "do_report_trap", "illegal_op", "handle_exception", "call_break_hook", "brk_handler", "do_debug_exception",
        // Interrupts, timers, watchdogs (what they interrupted is the story, not them)
        "sysvec_*", "__sysvec_*", "asm_sysvec_*", "asm_common_interrupt", "common_interrupt", "irq_exit*",
        "__irq_exit_rcu", "__hrtimer_run_queues", "hrtimer_interrupt", "hrtimer_run_queues", "update_process_times",
        "tick_sched_*", "tick_handle_*", "watchdog_timer_fn", "rcu_sched_clock_irq", "rcu_dump_cpu_stacks",
        "rcu_check_gp_kthread_starvation", "print_cpu_stall*", "check_cpu_stall", "rcu_pending", "panic_on_rcu_stall",
        "handle_softirqs", "__do_softirq", "do_softirq*", "run_ksoftirqd", "el1_interrupt", "gic_handle_irq",
        "handle_domain_irq", "generic_handle_*", "call_on_irq_stack", "do_interrupt_handler",
        // Busy-wait helpers: a spin inside one is the caller's spin
        "delay_tsc", "delay_loop", "__delay", "__udelay", "__const_udelay", "__ndelay", "cpu_relax",
        "native_safe_halt", "default_idle*", "arch_cpu_idle*", "cpu_idle_poll",
        // Locking primitives and lockdep's checks: a deadlock, a stall or a bad lock is the caller's
        "lock_acquire*", "__lock_acquire*", "lock_release", "__lock_release", "check_noncircular", "check_prev_add",
        "check_prevs_add", "validate_chain", "check_deadlock", "mark_lock*", "mark_usage", "find_held_lock",
        "_raw_spin_lock*", "_raw_read_lock*", "_raw_write_lock*", "_raw_spin_trylock*", "__raw_spin_lock*",
        "__raw_read_lock*", "__raw_write_lock*", "do_raw_spin_lock", "do_raw_read_lock", "do_raw_write_lock",
        "queued_spin_lock_slowpath", "native_queued_spin_lock_slowpath", "__pv_queued_spin_lock_slowpath",
        "queued_read_lock_slowpath", "queued_write_lock_slowpath", "spin_bug", "spin_dump", "debug_spin_lock_*",
        // The allocator's free path and the string helpers: a double free or a bad copy is the caller's
        "kfree", "kfree_sensitive", "kvfree", "kmem_cache_free", "__kmem_cache_free", "slab_free*", "__slab_free",
        "___cache_free", "__cache_free", "memcpy", "__memcpy", "memmove", "__memmove", "memset", "__memset",
        // Debug checks that found the bug in someone else's data
        "__list_add_valid*", "__list_del_entry_valid*", "__list_del_entry", "__check_object_size*",
        "check_heap_object", "usercopy_abort", "fortify_panic", "__fortify_*",
        // Entry
        "entry_SYSCALL_*", "entry_SYSENTER_*", "entry_INT80_*", "do_syscall_*", "do_fast_syscall_*", "do_int80_syscall_*",
        "el0_*", "el0t_*", "invoke_syscall", "do_el0_svc*", "__invoke_syscall", "ret_from_fork*", "kthread",
        "system_call*", "syscall_exit_*", "exit_to_user_mode*", "ret_from_syscall", "do_syscall_trace*",
        "start_secondary", "secondary_startup_*", "cpu_startup_entry", "do_idle", "rest_init", "start_kernel",
        "__do_syscall", "__ret_from_fork", "do_trap_ecall_u", "ret_from_exception", "system_call_exception",
    ];

    /// <summary>
    /// The outermost frames of a stack: the first thing a task or a syscall ran. A trace printed down
    /// to one of these is whole even where nothing follows it (a guest that panics with panic=-1
    /// resets without printing an end marker).
    /// </summary>
    public static readonly IReadOnlyList<string> StackBottom =
    [
        "ret_from_fork*", "__ret_from_fork", "entry_SYSCALL_64_after_hwframe", "entry_SYSENTER_32", "entry_INT80_32",
        "el0t_64_sync", "el0t_32_sync", "system_call", "system_call_common", "system_call_vectored_common",
        "ret_from_exception", "start_kernel", "secondary_startup_*", "start_secondary",
        // riscv: the syscall trap from user mode; only handle_exception, the trap vector, is printed below it.
        "do_trap_ecall_u",
    ];

    /// <summary>
    /// Frames that are worth naming only when nothing else is left: the syscall entry says which
    /// syscall led there, which beats no name at all but is never the bug's own function.
    /// Frames are already canonical (<see cref="FunctionName.Syscall"/>): every arch's wrapper is sys_*.
    /// </summary>
    public static readonly IReadOnlyList<string> LastResort =
    [
        "sys_*", "compat_sys_*", "ksys_*", "do_one_initcall",
    ];

    /// <summary>Skipped where the report is about waiting: hung tasks, sleeping in atomic context.</summary>
    public static readonly IReadOnlyList<string> Scheduler =
    [
        "__schedule", "schedule", "schedule_timeout*", "schedule_preempt_disabled", "io_schedule*",
        "__schedule_bug", "schedule_debug*", "preempt_schedule*", "__cond_resched", "_cond_resched",
        "__switch_to*", "context_switch", "msleep*", "usleep_range*", "wait_for_completion*",
        "__wait_for_common", "wait_for_common*", "do_wait_for_common", "__mutex_lock*", "mutex_lock*",
        "rwsem_down_*", "down_*", "__down*", "__flush_work", "flush_work", "__synchronize_*", "synchronize_rcu*",
    ];

    public static Regex Compile(IEnumerable<string> globs) =>
        new("^(?:" + string.Join("|", globs.Select(g => Regex.Escape(g).Replace(@"\*", ".*"))) + ")$",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);
}

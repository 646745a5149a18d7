// SPDX-License-Identifier: GPL-2.0
/*
 * crashmod: breaks the kernel on purpose, one way per load, so the triage corpus holds real
 * console logs rather than hand-written ones. Load it only inside a throwaway guest:
 *   insmod crashmod.ko crash=null
 * Every mode crashes from module_init (so "crashmod_init" or a helper is the guilty frame) except
 * where the kernel's detector needs another context (hung task, kprobe handler).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/kprobes.h>
#include <linux/string.h>

static char *crash = "none";
module_param(crash, charp, 0444);
MODULE_PARM_DESC(crash, "null|pagefault|gpf|bug|warn|div|ud2|stack|softlockup|hardlockup|rcu|hung|atomic|panic|listdel|stackend|kprobe|kretprobe|kprobe-lockdep");

static int spin_seconds = 60;
module_param(spin_seconds, int, 0444);

/* Non-static and noinline so each mode shows up as its own frame with a stable name. */
noinline void crashmod_null(void) { *(volatile int *)NULL = 1; }
noinline int crashmod_pagefault(void) { return *(volatile int *)0x10000UL; }
noinline int crashmod_gpf(void) { return *(volatile int *)0xdead000000000100UL; }

static volatile int zero;
noinline int crashmod_div(void) { return 100 / zero; }

noinline int crashmod_recurse(int depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	/* Unreachable in practice (the stack is 16 KiB), but it makes the recursion finite to gcc. */
	if (depth > 1000000)
		return 0;
	/* The extra work after the call keeps gcc from turning this into a loop. */
	return crashmod_recurse(depth + 1) + pad[0];
}

noinline void crashmod_spin(bool irqs_off)
{
	unsigned long end = jiffies + spin_seconds * HZ;
	int i;

	if (irqs_off) {
		/* jiffies stop with interrupts off on one CPU: count iterations instead. */
		local_irq_disable();
		for (i = 0; i < spin_seconds * 1000; i++)
			mdelay(1);
		local_irq_enable();
		return;
	}
	preempt_disable();
	while (time_before(jiffies, end))
		cpu_relax();
	preempt_enable();
}

/* An instruction the CPU refuses: each architecture's own "undefined" encoding. */
static __always_inline void crashmod_undefined(void)
{
#if defined(CONFIG_X86)
	asm volatile("ud2");
#elif defined(CONFIG_ARM64)
	asm volatile("udf #0");
#elif defined(CONFIG_PPC)
	asm volatile(".long 0");	/* primary opcode 0: illegal */
#elif defined(CONFIG_S390)
	asm volatile(".word 0");	/* opcode 0x00: operation exception */
#elif defined(CONFIG_RISCV)
	asm volatile("unimp");
#else
#error "no undefined instruction known for this architecture"
#endif
}

static struct rcu_head crashmod_rcu_head;
static void crashmod_rcu_done(struct rcu_head *head) { }

noinline void crashmod_rcu_spin(void)
{
	unsigned long end = jiffies + spin_seconds * HZ;

	/* An idle system has no grace period in flight, and without one nothing can stall. */
	call_rcu(&crashmod_rcu_head, crashmod_rcu_done);
	rcu_read_lock();
	preempt_disable();
	while (time_before(jiffies, end))
		cpu_relax();
	preempt_enable();
	rcu_read_unlock();
}

noinline void crashmod_hang(void)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule();
	/* Work after the call keeps schedule() from being a tail call that hides this frame. */
	pr_info("crashmod: woke up\n");
}

noinline void crashmod_sleep_atomic(void)
{
	preempt_disable();
	schedule();
	preempt_enable();
}

noinline void crashmod_listdel(void)
{
	struct list_head *a = kmalloc(sizeof(*a), GFP_KERNEL);

	INIT_LIST_HEAD(a);
	a->next = LIST_POISON1;
	list_del(a);
}

noinline void crashmod_stackend(void)
{
	*end_of_stack(current) = 0;
	schedule();
	pr_info("crashmod: survived\n");
}

/* The handlers that break: the frames above them are the kprobes machinery. */
noinline int crashmod_kprobe_pre(struct kprobe *p, struct pt_regs *regs)
{
	*(volatile int *)NULL = 2;
	return 0;
}

noinline int crashmod_kretprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(volatile int *)NULL = 3;
	return 0;
}

/*
 * A handler that takes two locks in one order and then in the other: nothing deadlocks on one
 * CPU, but a PROVE_LOCKING kernel (the debug twin) reports the inversion the first time.
 */
static DEFINE_SPINLOCK(crashmod_lock_a);
static DEFINE_SPINLOCK(crashmod_lock_b);

noinline int crashmod_kprobe_lockdep(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long flags;

	spin_lock_irqsave(&crashmod_lock_a, flags);
	spin_lock(&crashmod_lock_b);
	spin_unlock(&crashmod_lock_b);
	spin_unlock_irqrestore(&crashmod_lock_a, flags);
	spin_lock_irqsave(&crashmod_lock_b, flags);
	spin_lock(&crashmod_lock_a);
	spin_unlock(&crashmod_lock_a);
	spin_unlock_irqrestore(&crashmod_lock_b, flags);
	return 0;
}

static struct kprobe kp = { .symbol_name = "do_sys_openat2", .pre_handler = crashmod_kprobe_pre };
static struct kretprobe krp = {
	.kp.symbol_name = "do_sys_openat2",
	.handler = crashmod_kretprobe_ret,
	.maxactive = 4,
};

static int __init crashmod_init(void)
{
	pr_info("crashmod: crash=%s\n", crash);
	if (!strcmp(crash, "null"))
		crashmod_null();
	else if (!strcmp(crash, "pagefault"))
		crashmod_pagefault();
	else if (!strcmp(crash, "gpf"))
		crashmod_gpf();
	else if (!strcmp(crash, "bug"))
		BUG();
	else if (!strcmp(crash, "warn"))
		WARN_ON(1);
	else if (!strcmp(crash, "div"))
		crashmod_div();
	else if (!strcmp(crash, "ud2"))
		crashmod_undefined();
	else if (!strcmp(crash, "stack"))
		crashmod_recurse(0);
	else if (!strcmp(crash, "softlockup"))
		crashmod_spin(false);
	else if (!strcmp(crash, "hardlockup"))
		crashmod_spin(true);
	else if (!strcmp(crash, "rcu"))
		crashmod_rcu_spin();
	else if (!strcmp(crash, "hung"))
		crashmod_hang();
	else if (!strcmp(crash, "atomic"))
		crashmod_sleep_atomic();
	else if (!strcmp(crash, "panic"))
		panic("crashmod: deliberate panic");
	else if (!strcmp(crash, "listdel"))
		crashmod_listdel();
	else if (!strcmp(crash, "stackend"))
		crashmod_stackend();
	else if (!strcmp(crash, "kprobe"))
		return register_kprobe(&kp);
	else if (!strcmp(crash, "kretprobe"))
		return register_kretprobe(&krp);
	else if (!strcmp(crash, "kprobe-lockdep")) {
		kp.pre_handler = crashmod_kprobe_lockdep;
		return register_kprobe(&kp);
	}
	return 0;
}

static void __exit crashmod_exit(void)
{
	if (kp.addr)
		unregister_kprobe(&kp);
}

module_init(crashmod_init);
module_exit(crashmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Deliberate kernel crashes for the triage corpus");

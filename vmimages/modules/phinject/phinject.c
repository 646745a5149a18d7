// SPDX-License-Identifier: GPL-2.0
/*
 * phinject: makes one kernel function return a chosen value without running its body, for the
 * calls a rule picks, so error paths can be tried on distro kernels that have neither
 * FUNCTION_ERROR_INJECTION nor fail_function. Load it only inside a throwaway guest:
 *   insmod phinject.ko func=security_file_open value=-13 rule=first:1
 *   echo $$ > /sys/module/phinject/parameters/pid      # arm: this process and its children
 *   cat /sys/module/phinject/parameters/calls /sys/module/phinject/parameters/injected
 *
 * A kprobe sits on the function's first instruction. Its pre-handler sets the return register
 * and moves the instruction pointer back to the caller, then returns 1 so the kprobe core
 * resumes there instead of single-stepping: the body never runs. How one architecture returns
 * "now" is phinject_arch.h, written by the harness from its architecture table.
 *
 * Only functions that can fail before doing anything (LSM hooks, rw_verify_area, allocators
 * whose callers check for NULL) are legal places: returning early from a function that has
 * side effects its callers undo only on its own failures is the harness's mistake, not the
 * kernel's.
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *func;
module_param(func, charp, 0444);
MODULE_PARM_DESC(func, "the kernel function to make fail");

static long value;
module_param(value, long, 0444);
MODULE_PARM_DESC(value, "what it returns instead: -errno, or 0 for a NULL pointer");

static char *rule = "always";
module_param(rule, charp, 0444);
MODULE_PARM_DESC(rule, "always | never | nth:N | first:N | every:K | random:PPM:SEED");

/* The workload's process (tgid): only it and its descendants see injections. 0: nobody. */
static int target_pid;
module_param_named(pid, target_pid, int, 0644);
MODULE_PARM_DESC(pid, "inject only into this process and its children; 0 disarms");

enum phinject_rule { RULE_ALWAYS, RULE_NEVER, RULE_NTH, RULE_FIRST, RULE_EVERY, RULE_RANDOM };

static enum phinject_rule kind;
static unsigned long rule_n;	/* N, K or parts per million */
static u64 rng_state;
static DEFINE_SPINLOCK(rng_lock);

static atomic_long_t calls_seen = ATOMIC_LONG_INIT(0);
static atomic_long_t errors_injected = ATOMIC_LONG_INIT(0);

static int get_counter(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%ld\n", atomic_long_read((atomic_long_t *)kp->arg));
}

static const struct kernel_param_ops counter_ops = { .get = get_counter };
module_param_cb(calls, &counter_ops, &calls_seen, 0444);
MODULE_PARM_DESC(calls, "calls of func made by the workload so far");
module_param_cb(injected, &counter_ops, &errors_injected, 0444);
MODULE_PARM_DESC(injected, "of those, the calls that returned value without running");

/* x86 and i386 return through this: an empty function whose own return pops the caller's address. */
static noinline notrace void phinject_ret_stub(void)
{
	barrier();
}

#include "phinject_arch.h"

/* xorshift64*: the same seed gives the same choices, call by call. */
static bool random_pick(void)
{
	unsigned long flags;
	u64 x;

	spin_lock_irqsave(&rng_lock, flags);
	x = rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	spin_unlock_irqrestore(&rng_lock, flags);
	return (x * 0x2545F4914F6CDD1DULL) % 1000000 < rule_n;
}

static bool picks(long n)
{
	switch (kind) {
	case RULE_ALWAYS: return true;
	case RULE_NEVER: return false;
	case RULE_NTH: return n == rule_n;
	case RULE_FIRST: return n <= rule_n;
	case RULE_EVERY: return n % rule_n == 0;
	case RULE_RANDOM: return random_pick();
	}
	return false;
}

/* The workload is the process armed in pid, or any of its descendants. */
static bool in_workload(void)
{
	int want = READ_ONCE(target_pid);
	struct task_struct *t;
	bool found = false;
	int depth;

	if (want <= 0)
		return false;
	rcu_read_lock();
	t = current;
	for (depth = 0; depth < 64 && t->pid > 1; depth++) {
		if (t->tgid == want) {
			found = true;
			break;
		}
		t = rcu_dereference(t->real_parent);
	}
	rcu_read_unlock();
	return found;
}

static int phinject_pre(struct kprobe *p, struct pt_regs *regs)
{
	/* An interrupt that calls func is not the workload's call, whatever it interrupted. */
	if (!in_task() || !in_workload())
		return 0;
	if (!picks(atomic_long_inc_return(&calls_seen)))
		return 0;
	atomic_long_inc(&errors_injected);
	PHINJECT_RETURN_NOW(regs, value);
	/* Non-zero: resume at the new instruction pointer, without single-stepping func's first instruction. */
	return 1;
}

/*
 * A post-handler, though it never runs for an injected call: on kernels that place entry kprobes
 * on ftrace, only a kprobe with one is registered with IPMODIFY, the flag that lets a handler
 * move the instruction pointer.
 */
static void phinject_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

static struct kprobe probe = {
	.pre_handler = phinject_pre,
	.post_handler = phinject_post,
};

static int parse_rule(void)
{
	unsigned long long seed;

	if (!strcmp(rule, "always")) {
		kind = RULE_ALWAYS;
	} else if (!strcmp(rule, "never")) {
		kind = RULE_NEVER;
	} else if (sscanf(rule, "nth:%lu", &rule_n) == 1 && rule_n > 0) {
		kind = RULE_NTH;
	} else if (sscanf(rule, "first:%lu", &rule_n) == 1) {
		kind = RULE_FIRST;
	} else if (sscanf(rule, "every:%lu", &rule_n) == 1 && rule_n > 0) {
		kind = RULE_EVERY;
	} else if (sscanf(rule, "random:%lu:%llu", &rule_n, &seed) == 2 && rule_n <= 1000000) {
		kind = RULE_RANDOM;
		/* xorshift never leaves 0. */
		rng_state = seed ? seed : 0x9E3779B97F4A7C15ULL;
	} else {
		pr_err("phinject: bad rule '%s' (always, never, nth:N, first:N, every:K, random:PPM:SEED)\n", rule);
		return -EINVAL;
	}
	return 0;
}

static int __init phinject_init(void)
{
	int ret;

	if (!func || !*func) {
		pr_err("phinject: no func= given\n");
		return -EINVAL;
	}
	ret = parse_rule();
	if (ret)
		return ret;
	probe.symbol_name = func;
	ret = register_kprobe(&probe);
	if (ret) {
		pr_err("phinject: cannot probe %s: %d\n", func, ret);
		return ret;
	}
	pr_info("phinject: %s returns %ld by rule %s (%s)\n", func, value, rule, PHINJECT_RECIPE);
	return 0;
}

static void __exit phinject_exit(void)
{
	unregister_kprobe(&probe);
	pr_info("phinject: %s: %ld calls, %ld injected\n", func,
		atomic_long_read(&calls_seen), atomic_long_read(&errors_injected));
}

module_init(phinject_init);
module_exit(phinject_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Probe Harness: makes a kernel function return an error without running it");

// SPDX-License-Identifier: GPL-2.0
/*
 * phstress: probe targets whose behaviour is known exactly, for the harness's kretprobe stress
 * suite. Load it only inside a throwaway guest. User space drives it through /proc/phstress:
 *   echo "sleep MS"   > /proc/phstress   the writer sleeps MS ms inside phstress_sleep()
 *   echo "recurse D"  > /proc/phstress   phstress_recurse(D) calls itself down to depth 1
 *   echo "noreturn"   > /proc/phstress   a kthread enters phstress_noreturn(), which never returns
 *   echo "pair"       > /proc/phstress   phstress_entry_a() and phstress_entry_b(), both ending in phstress_tail()
 *   echo "stack"      > /proc/phstress   phstress_stack_caller() calls phstress_stack_target()
 *   cat /proc/phstress                   one "name entries returns" line per function
 * Every target is noinline and noclone, so its symbol is the function a probe names.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define PH_TARGET __attribute__((__noinline__, __noclone__, __used__))

enum { F_SLEEP, F_RECURSE, F_NORETURN, F_ENTRY_A, F_ENTRY_B, F_TAIL, F_STACK_CALLER, F_STACK_TARGET, F_COUNT };

static const char *const names[F_COUNT] = {
	"phstress_sleep", "phstress_recurse", "phstress_noreturn", "phstress_entry_a",
	"phstress_entry_b", "phstress_tail", "phstress_stack_caller", "phstress_stack_target",
};

static atomic64_t entries[F_COUNT];
static atomic64_t returns[F_COUNT];

PH_TARGET long phstress_sleep(unsigned int ms)
{
	atomic64_inc(&entries[F_SLEEP]);
	msleep(ms);
	atomic64_inc(&returns[F_SLEEP]);
	return ms;
}

/* Returns its depth argument; the increment after the call keeps gcc from turning it into a loop. */
PH_TARGET int phstress_recurse(int depth)
{
	int r = depth;

	atomic64_inc(&entries[F_RECURSE]);
	if (depth > 1)
		phstress_recurse(depth - 1);
	atomic64_inc(&returns[F_RECURSE]);
	return r;
}

/* Exits the kthread it runs in: a kretprobe instance taken here is reclaimed at task exit. */
PH_TARGET void phstress_noreturn(struct completion *done)
{
	atomic64_inc(&entries[F_NORETURN]);
	kthread_complete_and_exit(done, 0);
}

static int noreturn_thread(void *done)
{
	phstress_noreturn(done);
	return 0;
}

PH_TARGET int phstress_tail(int x)
{
	atomic64_inc(&entries[F_TAIL]);
	atomic64_inc(&returns[F_TAIL]);
	return x * 2;
}

/* Two entry points that end in the same function (a sibling call where the compiler makes one). */
PH_TARGET int phstress_entry_a(int x)
{
	atomic64_inc(&entries[F_ENTRY_A]);
	atomic64_inc(&returns[F_ENTRY_A]);
	return phstress_tail(x + 1);
}

PH_TARGET int phstress_entry_b(int x)
{
	atomic64_inc(&entries[F_ENTRY_B]);
	atomic64_inc(&returns[F_ENTRY_B]);
	return phstress_tail(x + 2);
}

PH_TARGET int phstress_stack_target(int x)
{
	atomic64_inc(&entries[F_STACK_TARGET]);
	atomic64_inc(&returns[F_STACK_TARGET]);
	return x + 1;
}

/* A return-handler stack trace of phstress_stack_target must name this function. */
PH_TARGET int phstress_stack_caller(int x)
{
	int r;

	atomic64_inc(&entries[F_STACK_CALLER]);
	r = phstress_stack_target(x);
	atomic64_inc(&returns[F_STACK_CALLER]);
	return r;
}

/*
 * Returns once the kthread is gone: a kretprobe instance it holds is given back only when its
 * task struct is freed, an RCU callback after its last context switch (measured: three calls
 * in a row with maxactive 1 missed two when this waited for the completion alone).
 */
static int run_noreturn(void)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *t = kthread_create(noreturn_thread, &done, "phstress_nr");
	int i;

	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&done);
	for (i = 0; i < 10000 && READ_ONCE(t->__state) != TASK_DEAD; i++)
		msleep(1);
	put_task_struct(t);
	msleep(20);
	rcu_barrier();
	return 0;
}

static ssize_t phstress_write(struct file *file, const char __user *ubuf, size_t len, loff_t *ppos)
{
	char buf[32];
	unsigned int n = 0;
	int err = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	strim(buf);
	if (sscanf(buf, "sleep %u", &n) == 1 && n <= 600000)
		phstress_sleep(n);
	else if (sscanf(buf, "recurse %u", &n) == 1 && n >= 1 && n <= 64)
		phstress_recurse(n);
	else if (!strcmp(buf, "noreturn"))
		err = run_noreturn();
	else if (!strcmp(buf, "pair"))
		n = phstress_entry_a(1) + phstress_entry_b(1);
	else if (!strcmp(buf, "stack"))
		phstress_stack_caller(1);
	else
		return -EINVAL;
	return err ? err : len;
}

static int phstress_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		seq_printf(m, "%s %lld %lld\n", names[i], (long long)atomic64_read(&entries[i]),
			   (long long)atomic64_read(&returns[i]));
	return 0;
}

static int phstress_open(struct inode *inode, struct file *file)
{
	return single_open(file, phstress_show, NULL);
}

static const struct proc_ops phstress_ops = {
	.proc_open = phstress_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = phstress_write,
};

static int __init phstress_init(void)
{
	if (!proc_create("phstress", 0600, NULL, &phstress_ops))
		return -ENOMEM;
	return 0;
}

static void __exit phstress_exit(void)
{
	remove_proc_entry("phstress", NULL);
}

module_init(phstress_init);
module_exit(phstress_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Probe Harness kretprobe stress targets (guest only)");

// SPDX-License-Identifier: GPL-2.0
/*
 * Probe Harness: a module that does nothing. `bench faults` damages its cached .ko (nothing else
 * ships it) to check that the harness never ships a module that is not the one it built.
 */
#include <linux/module.h>

static int __init phnop_init(void)
{
	return 0;
}

static void __exit phnop_exit(void)
{
}

module_init(phnop_init);
module_exit(phnop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Probe Harness: does nothing; damaged on purpose by bench faults");

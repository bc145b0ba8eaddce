// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc: the remote-processor core of ampipc. Module init and exit:
 * the class "amp_rproc", the /dev/amp_rprocN region, the debugfs root and
 * the recovery workqueue. The rest lives in one file per concern.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/workqueue.h>

#include <ampipc/compat.h>

#include "rproc_internal.h"

static int __init amp_rproc_init(void)
{
	int ret;

	amp_rproc_wq = alloc_workqueue("amp_rproc", WQ_UNBOUND | WQ_FREEZABLE, 0);
	if (!amp_rproc_wq)
		return -ENOMEM;
	amp_rproc_class = class_create("amp_rproc");
	if (IS_ERR(amp_rproc_class)) {
		ret = PTR_ERR(amp_rproc_class);
		goto err_wq;
	}
	amp_rproc_class->dev_groups = amp_rproc_groups;
	ret = amp_rproc_cdev_init();
	if (ret)
		goto err_class;
	amp_rproc_debugfs_init();
	amp_rproc_panic_init();
	pr_debug("ampipc %s remote-processor core loaded\n", AMPIPC_VERSION);
	return 0;

err_class:
	class_destroy(amp_rproc_class);
err_wq:
	destroy_workqueue(amp_rproc_wq);
	return ret;
}
module_init(amp_rproc_init);

static void __exit amp_rproc_exit(void)
{
	amp_rproc_panic_exit();
	amp_rproc_debugfs_exit();
	amp_rproc_cdev_exit();
	class_destroy(amp_rproc_class);
	destroy_workqueue(amp_rproc_wq);
	pr_debug("unloaded\n");
}
module_exit(amp_rproc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc remote-processor core: life cycle, firmware, resources, recovery");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");

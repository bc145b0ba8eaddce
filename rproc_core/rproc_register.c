// SPDX-License-Identifier: GPL-2.0
/*
 * Allocating, registering, unregistering and freeing processors, and the
 * class "amp_rproc".
 *
 * Every reference but the auto_boot one pins the backend module (see
 * lifecycle.c); unregistering shuts a powered processor down first, after
 * the processors that depend on it.
 */
#include <linux/device.h>
#include <linux/fwnode.h>
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/compat.h>

#include "rproc_internal.h"

struct class *amp_rproc_class;
static DEFINE_IDA(amp_rproc_ida);

static void amp_rproc_release(struct device *dev)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);

	amp_rproc_deps_free(rproc);
	amp_da_pool_destroy(&rproc->pool);
	kfree(rproc->firmware);
	kfree(rproc);
}

static int amp_rproc_check_cfg(struct device *parent,
			       const struct amp_rproc_config *cfg)
{
	const struct amp_rproc_ops *ops = cfg->ops;
	const char *bad = NULL;
	unsigned int i;

	if (!cfg->name || !cfg->name[0] || strchr(cfg->name, '/') ||
	    strlen(cfg->name) > 64)
		bad = "name";
	else if (!ops || !ops->start || !ops->stop)
		bad = "ops (start and stop are required)";
	else if (!!ops->iommu_map != !!ops->iommu_unmap)
		bad = "ops (iommu_map and iommu_unmap go together)";
	else if (!cfg->machines || !cfg->nr_machines)
		bad = "machines";
	else if (cfg->nr_windows && !cfg->windows)
		bad = "windows";
	else if (cfg->attach_on_register && !ops->attach)
		bad = "attach_on_register (needs ops->attach)";
	for (i = 0; !bad && i < cfg->nr_windows; i++) {
		const struct amp_rproc_window *w = &cfg->windows[i];

		if (!w->size || w->size - 1 > U64_MAX - w->da)
			bad = "windows (size zero or wrapping)";
	}
	if (bad) {
		if (parent)
			dev_err(parent, "amp_rproc config: bad %s\n", bad);
		else
			pr_err("amp_rproc: config: bad %s\n", bad);
		return -EINVAL;
	}
	return 0;
}

/**
 * amp_rproc_alloc() - allocate a processor from its description
 * @parent: the backend's device (the processor's parent; its DMA memory
 *	backs carveouts outside the windows when the backend has an IOMMU)
 * @cfg: the description; @cfg itself is copied, but the strings, ops,
 *	machines and windows it points to must outlive the processor
 *
 * The processor is offline (detached with @cfg->attach_on_register) and
 * not visible until amp_rproc_register(). Release it with amp_rproc_free().
 *
 * Context: process context; may sleep.
 * Return: the processor, or ERR_PTR(-EINVAL) for a bad description (logged,
 * naming the field), ERR_PTR(-ENOMEM), or the error of declaring a
 * carveout window to the allocator. Never NULL.
 */
struct amp_rproc *amp_rproc_alloc(struct device *parent,
				  const struct amp_rproc_config *cfg)
{
	struct amp_rproc *rproc;
	size_t size;
	int ret;

	if (!cfg)
		return ERR_PTR(-EINVAL);
	ret = amp_rproc_check_cfg(parent, cfg);
	if (ret)
		return ERR_PTR(ret);
	size = ALIGN(sizeof(*rproc), sizeof(u64));
	rproc = kzalloc(size + cfg->priv_size, GFP_KERNEL);
	if (!rproc)
		return ERR_PTR(-ENOMEM);
	rproc->priv = cfg->priv_size ? (u8 *)rproc + size : NULL;
	rproc->cfg = *cfg;
	rproc->ops = cfg->ops;
	rproc->parent = parent;
	rproc->target = cfg->target;
	rproc->index = -1;
	rproc->recovery = AMP_RPROC_RECOVERY_ENABLED;
	rproc->coredump = true;
	rproc->state = cfg->attach_on_register ? AMP_RPROC_DETACHED :
						 AMP_RPROC_OFFLINE;
	spin_lock_init(&rproc->lock);
	spin_lock_init(&rproc->vq_lock);
	mutex_init(&rproc->shm_lock);
	atomic_set(&rproc->power, 0);
	INIT_LIST_HEAD(&rproc->node);
	INIT_LIST_HEAD(&rproc->deps);
	INIT_LIST_HEAD(&rproc->fwdeps);
	INIT_LIST_HEAD(&rproc->carveouts);
	INIT_LIST_HEAD(&rproc->devmems);
	INIT_LIST_HEAD(&rproc->segments);
	INIT_LIST_HEAD(&rproc->traces);
	INIT_LIST_HEAD(&rproc->shms);
	INIT_WORK(&rproc->crash_work, amp_rproc_crash_work);
	BLOCKING_INIT_NOTIFIER_HEAD(&rproc->nh);
	amp_da_pool_init(&rproc->pool);

	device_initialize(&rproc->dev);
	rproc->dev.class = amp_rproc_class;
	rproc->dev.parent = parent;
	rproc->dev.release = amp_rproc_release;
	ret = dev_set_name(&rproc->dev, "%s", cfg->name);
	if (ret)
		goto err;
	if (cfg->firmware)
		rproc->firmware = kstrdup(cfg->firmware, GFP_KERNEL);
	else
		rproc->firmware = kasprintf(GFP_KERNEL, "amp-%s.elf", cfg->name);
	ret = -ENOMEM;
	if (!rproc->firmware)
		goto err;
	ret = amp_rproc_pool_init(rproc);
	if (ret)
		goto err;
	return rproc;
err:
	put_device(&rproc->dev);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(amp_rproc_alloc);

/**
 * amp_rproc_free() - drop the backend's reference from amp_rproc_alloc()
 * @rproc: the processor, unregistered (or never registered); NULL and
 *	ERR_PTR() values are ignored
 *
 * The memory goes when the last holder (a client that still holds a
 * reference, an open /dev/amp_rprocN) lets go; the backend must not use
 * @rproc after this call.
 */
void amp_rproc_free(struct amp_rproc *rproc)
{
	if (IS_ERR_OR_NULL(rproc))
		return;
	if (WARN(rproc->registered, "amp_rproc %s freed while registered\n",
		 rproc->cfg.name))
		amp_rproc_unregister(rproc);
	put_device(&rproc->dev);
}
EXPORT_SYMBOL_GPL(amp_rproc_free);

static struct amp_rproc *amp_rproc_by_name(const char *name)
{
	struct amp_rproc *r;

	list_for_each_entry(r, &amp_rproc_list, node)
		if (!strcmp(r->cfg.name, name))
			return r;
	return NULL;
}

/**
 * amp_rproc_register_owner() - make an allocated processor visible
 * @rproc: from amp_rproc_alloc()
 * @owner: the backend module; every reference (a client's, a dependent's,
 *	the sysfs or /dev holder's) pins it until it is dropped, so the
 *	backend cannot be unloaded while the processor is in use. The
 *	auto_boot reference does not pin it: the backend drops that one
 *	itself, by unregistering
 *
 * Creates /sys/class/amp_rproc/<name>, /dev/amp_rprocN and the debugfs
 * directory, reads the "amp,depends-on" references of the processor's
 * firmware node (resolved at the first boot), and with
 * &amp_rproc_config.auto_boot boots the processor, holding a reference until
 * it is unregistered (a failed boot is logged; the registration stands).
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL for a bad @rproc; -EBUSY if it is already registered;
 * -EEXIST if another processor has the same name; -ENOSPC when all
 * /dev/amp_rprocN minors are taken; or the error of creating the devices or
 * of reading "amp,depends-on".
 */
int amp_rproc_register_owner(struct amp_rproc *rproc, struct module *owner)
{
	int ret;

	if (IS_ERR_OR_NULL(rproc))
		return -EINVAL;
	mutex_lock(&amp_rproc_mutex);
	if (rproc->registered || rproc->removed)
		ret = -EBUSY;
	else if (amp_rproc_by_name(rproc->cfg.name))
		ret = -EEXIST;
	else
		ret = 0;
	mutex_unlock(&amp_rproc_mutex);
	if (ret)
		return ret;

	rproc->owner = owner;
	ret = amp_rproc_deps_read_fwnode(rproc);
	if (ret)
		goto err_deps;
	ret = ida_alloc_max(&amp_rproc_ida, AMP_RPROC_MAX_MINORS - 1, GFP_KERNEL);
	if (ret < 0)
		goto err_deps;
	rproc->index = ret;
	ret = device_add(&rproc->dev);
	if (ret)
		goto err_ida;
	ret = amp_rproc_cdev_add(rproc);
	if (ret)
		goto err_dev;
	amp_rproc_debugfs_add(rproc);

	mutex_lock(&amp_rproc_mutex);
	if (amp_rproc_by_name(rproc->cfg.name)) {
		mutex_unlock(&amp_rproc_mutex);
		ret = -EEXIST;
		goto err_debugfs;
	}
	list_add_tail_rcu(&rproc->node, &amp_rproc_list);
	rproc->registered = true;
	if (rproc->cfg.auto_boot) {
		/* the backend's own reference does not pin the backend */
		ret = amp_rproc_ref_locked(rproc);
		if (ret)
			dev_err(&rproc->dev, "auto boot failed (%d)\n", ret);
		else
			rproc->auto_ref = true;
	}
	mutex_unlock(&amp_rproc_mutex);
	return 0;

err_debugfs:
	amp_rproc_debugfs_remove(rproc);
	amp_rproc_cdev_del(rproc);
err_dev:
	device_del(&rproc->dev);
err_ida:
	ida_free(&amp_rproc_ida, rproc->index);
	rproc->index = -1;
err_deps:
	amp_rproc_deps_free(rproc);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_register_owner);

/**
 * amp_rproc_unregister() - remove a processor
 * @rproc: a registered processor; anything else is ignored
 *
 * Processors in use that depend on it are stopped first (most dependent
 * first) and left crashed; then the processor itself is stopped (or
 * detached, when it was attached and the backend can detach) and its
 * devices disappear. Clients that still hold references keep valid
 * pointers; their amp_rproc_put() only releases memory. No backend
 * operation is called once this returns.
 *
 * Context: process context; may sleep.
 */
void amp_rproc_unregister(struct amp_rproc *rproc)
{
	struct amp_rproc **deps = NULL;
	unsigned int n = 0, max = 0, i;
	struct amp_rproc *r;

	if (IS_ERR_OR_NULL(rproc))
		return;
	mutex_lock(&amp_rproc_mutex);
	if (!rproc->registered) {
		mutex_unlock(&amp_rproc_mutex);
		return;
	}
	list_for_each_entry(r, &amp_rproc_list, node)
		max++;
	deps = kcalloc(max, sizeof(*deps), GFP_KERNEL);
	if (deps)
		n = amp_rproc_dependents(rproc, deps, max);
	else
		dev_err(&rproc->dev, "out of memory: dependents not stopped first\n");
	for (i = n; i-- > 0;) {
		dev_warn(&deps[i]->dev, "stopped: dependency %s is going away\n",
			 dev_name(&rproc->dev));
		amp_rproc_force_down(deps[i], true);
	}
	kfree(deps);

	amp_rproc_force_down(rproc, false);
	if (rproc->auto_ref) {
		rproc->auto_ref = false;
		atomic_dec(&rproc->power);
	}
	if (rproc->sysfs_ref) {
		rproc->sysfs_ref = false;
		atomic_dec(&rproc->power);
		module_put(rproc->owner);
	}
	rproc->removed = true;
	rproc->registered = false;
	amp_rproc_deps_unlink(rproc);
	list_del_rcu(&rproc->node);
	mutex_unlock(&amp_rproc_mutex);
	synchronize_rcu();

	/* The crash work sees "removed" and does nothing. */
	cancel_work_sync(&rproc->crash_work);
	amp_rproc_coredump_discard(rproc);
	amp_rproc_debugfs_remove(rproc);
	amp_rproc_cdev_del(rproc);
	device_del(&rproc->dev);
	ida_free(&amp_rproc_ida, rproc->index);
	rproc->index = -1;
}
EXPORT_SYMBOL_GPL(amp_rproc_unregister);

/**
 * amp_rproc_priv() - the backend-private data allocated with a processor
 * @rproc: the processor
 *
 * Return: &amp_rproc_config.priv_size bytes, zeroed at allocation, or NULL
 * when priv_size was 0.
 */
void *amp_rproc_priv(struct amp_rproc *rproc)
{
	return rproc->priv;
}
EXPORT_SYMBOL_GPL(amp_rproc_priv);

/**
 * amp_rproc_dev() - the processor's class device
 * @rproc: the processor
 *
 * Return: the device of /sys/class/amp_rproc/<name>, for messages.
 */
struct device *amp_rproc_dev(struct amp_rproc *rproc)
{
	return &rproc->dev;
}
EXPORT_SYMBOL_GPL(amp_rproc_dev);

/**
 * amp_rproc_name() - the processor's name
 * @rproc: the processor
 *
 * Return: the name it was allocated with.
 */
const char *amp_rproc_name(struct amp_rproc *rproc)
{
	return rproc->cfg.name;
}
EXPORT_SYMBOL_GPL(amp_rproc_name);

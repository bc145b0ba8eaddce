// SPDX-License-Identifier: GPL-2.0
/*
 * The life cycle of a processor: the state machine, references (get/put),
 * boot and shutdown, attach and detach, and the holders behind the sysfs
 * "state" attribute and /dev/amp_rprocN.
 *
 * Every transition runs under amp_rproc_mutex, so another life-cycle
 * operation never sees a transient state (booting, stopping, recovering): it
 * waits for the mutex and then acts on the state the transition left.
 * Booting a processor takes a reference on each of its dependencies under
 * the same mutex (deps.c), which boots them first.
 */
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/fwnode.h>
#include <linux/module.h>
#include <linux/panic_notifier.h>
#include <linux/rculist.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rproc_internal.h"

DEFINE_MUTEX(amp_rproc_mutex);
LIST_HEAD(amp_rproc_list);
struct workqueue_struct *amp_rproc_wq;

static const char * const amp_rproc_state_names[AMP_RPROC_NR_STATES] = {
	[AMP_RPROC_OFFLINE] = "offline",
	[AMP_RPROC_BOOTING] = "booting",
	[AMP_RPROC_RUNNING] = "running",
	[AMP_RPROC_CRASHED] = "crashed",
	[AMP_RPROC_RECOVERING] = "recovering",
	[AMP_RPROC_STOPPING] = "stopping",
	[AMP_RPROC_ATTACHED] = "attached",
	[AMP_RPROC_DETACHED] = "detached",
};

/**
 * amp_rproc_state_name() - name of a state, as sysfs shows it
 * @state: a state
 *
 * Return: "offline", "booting", "running", "crashed", "recovering",
 * "stopping", "attached", "detached", or "invalid" for anything else.
 */
const char *amp_rproc_state_name(enum amp_rproc_state state)
{
	if ((unsigned int)state >= AMP_RPROC_NR_STATES)
		return "invalid";
	return amp_rproc_state_names[state];
}
EXPORT_SYMBOL_GPL(amp_rproc_state_name);

/**
 * amp_rproc_state() - current state of a processor
 * @rproc: the processor
 *
 * The value is a snapshot: it may change as soon as it is returned.
 * Context: any.
 * Return: the state.
 */
enum amp_rproc_state amp_rproc_state(struct amp_rproc *rproc)
{
	return READ_ONCE(rproc->state);
}
EXPORT_SYMBOL_GPL(amp_rproc_state);

void amp_rproc_set_state(struct amp_rproc *rproc, enum amp_rproc_state state)
{
	unsigned long flags;

	spin_lock_irqsave(&rproc->lock, flags);
	WRITE_ONCE(rproc->state, state);
	spin_unlock_irqrestore(&rproc->lock, flags);
}

void amp_rproc_notify(struct amp_rproc *rproc, enum amp_rproc_event ev,
		      void *data)
{
	blocking_notifier_call_chain(&rproc->nh, ev, data);
}

static int amp_rproc_fw_get(struct amp_rproc *rproc, const struct firmware **fw,
			    const void **data, size_t *size)
{
	int ret;

	*fw = NULL;
	if (rproc->ops->fw_fetch) {
		ret = rproc->ops->fw_fetch(rproc, rproc->firmware, data, size);
		if (ret)
			dev_err(&rproc->dev, "firmware %s: backend fetch failed (%d)\n",
				rproc->firmware, ret);
		return ret;
	}
	/* The image stays in the loader's pages: no extra copy is made. */
	ret = request_firmware(fw, rproc->firmware, &rproc->dev);
	if (ret) {
		dev_err(&rproc->dev, "firmware %s: request failed (%d)\n",
			rproc->firmware, ret);
		return ret;
	}
	*data = (*fw)->data;
	*size = (*fw)->size;
	return 0;
}

static void amp_rproc_fw_put(struct amp_rproc *rproc,
			     const struct firmware *fw, const void *data)
{
	if (fw)
		release_firmware(fw);
	else if (rproc->ops->fw_release)
		rproc->ops->fw_release(rproc, data);
}

/*
 * Power the processor up from firmware: prepare, load, set up the resource
 * table, start, hand the vdevs to the transport. On failure everything is
 * undone and the processor is left powered down.
 */
int amp_rproc_hw_up(struct amp_rproc *rproc)
{
	const struct amp_rproc_ops *ops = rproc->ops;
	const struct firmware *fw;
	struct amp_elf_image img;
	const void *data = NULL;
	size_t size = 0;
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	if (ops->prepare) {
		ret = ops->prepare(rproc);
		if (ret) {
			dev_err(&rproc->dev, "prepare failed (%d)\n", ret);
			return ret;
		}
	}
	rproc->prepared = true;

	ret = amp_rproc_fw_get(rproc, &fw, &data, &size);
	if (ret)
		goto err;
	ret = amp_rproc_load_image(rproc, data, size, &img);
	if (!ret)
		ret = amp_rproc_rsc_handle(rproc, &img);
	amp_rproc_fw_put(rproc, fw, data);
	if (ret)
		goto err;

	rproc->entry = img.entry;
	if (ops->auth_and_start)
		ret = ops->auth_and_start(rproc, img.entry);
	else
		ret = ops->start(rproc, img.entry);
	if (ret) {
		dev_err(&rproc->dev, "start at %#llx failed (%d)\n", img.entry, ret);
		goto err;
	}
	rproc->hw_up = true;
	/* A running processor whose vdevs are missing is no use: fail. */
	ret = amp_rproc_vdevs_start(rproc);
	if (ret)
		amp_rproc_hw_down(rproc, false);
	return ret;

err:
	amp_rproc_rsc_release(rproc);
	if (ops->unprepare)
		ops->unprepare(rproc);
	rproc->prepared = false;
	return ret;
}

/*
 * Power down: remove the vdevs, stop, dump (for a crash), release the
 * memory, unprepare. Safe to call when parts are already down.
 */
void amp_rproc_hw_down(struct amp_rproc *rproc, bool crashed)
{
	const struct amp_rproc_ops *ops = rproc->ops;
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	amp_rproc_vdevs_stop(rproc);
	if (rproc->hw_up) {
		ret = ops->stop(rproc);
		if (ret)
			dev_err(&rproc->dev, "stop failed (%d); releasing its memory anyway\n",
				ret);
		rproc->hw_up = false;
	}
	if (crashed && rproc->coredump)
		amp_rproc_coredump(rproc);
	amp_rproc_rsc_release(rproc);
	if (rproc->prepared && ops->unprepare)
		ops->unprepare(rproc);
	rproc->prepared = false;
}

static int amp_rproc_power_on(struct amp_rproc *rproc)
{
	enum amp_rproc_state from = rproc->state;
	int ret;

	if (from != AMP_RPROC_OFFLINE && from != AMP_RPROC_DETACHED) {
		dev_err(&rproc->dev, "cannot boot from state %s\n",
			amp_rproc_state_name(from));
		return -EBUSY;
	}
	amp_rproc_set_state(rproc, AMP_RPROC_BOOTING);

	ret = amp_rproc_deps_up(rproc);
	if (ret)
		goto err;

	if (from == AMP_RPROC_DETACHED) {
		ret = rproc->ops->attach(rproc);
		if (ret) {
			dev_err(&rproc->dev, "attach failed (%d)\n", ret);
		} else {
			rproc->hw_up = true;
			amp_rproc_set_state(rproc, AMP_RPROC_ATTACHED);
		}
	} else {
		ret = amp_rproc_hw_up(rproc);
		if (!ret)
			amp_rproc_set_state(rproc, AMP_RPROC_RUNNING);
	}
	if (ret) {
		amp_rproc_deps_down(rproc);
		goto err;
	}
	atomic_set(&rproc->power, 1);
	amp_rproc_notify(rproc, AMP_RPROC_EV_BOOTED, NULL);
	return 0;

err:
	amp_rproc_set_state(rproc, from);
	return ret;
}

/* The last reference is gone: stop (or detach) and release the deps. */
static void amp_rproc_power_off(struct amp_rproc *rproc)
{
	enum amp_rproc_state from = rproc->state;
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->removed)
		return;
	amp_rproc_notify(rproc, AMP_RPROC_EV_STOPPING, NULL);
	amp_rproc_set_state(rproc, AMP_RPROC_STOPPING);
	if (from == AMP_RPROC_ATTACHED && rproc->ops->detach) {
		ret = rproc->ops->detach(rproc);
		if (!ret) {
			rproc->hw_up = false;
			amp_rproc_set_state(rproc, AMP_RPROC_DETACHED);
			goto deps;
		}
		dev_err(&rproc->dev, "detach failed (%d); stopping it\n", ret);
	}
	amp_rproc_hw_down(rproc, false);
	amp_rproc_set_state(rproc, AMP_RPROC_OFFLINE);
deps:
	amp_rproc_deps_down(rproc);
	amp_rproc_notify(rproc, AMP_RPROC_EV_STOPPED, NULL);
}

/*
 * Stop a processor regardless of its references (unregister, or a
 * dependency that went away). The references stay counted; their puts
 * find the processor already down. A processor started by someone else and
 * never attached is left running; an attached one is detached when the
 * backend can. With @lost_dep the processor is left crashed, so its clients
 * see that it stopped under them.
 */
void amp_rproc_force_down(struct amp_rproc *rproc, bool lost_dep)
{
	enum amp_rproc_state st = rproc->state, final = AMP_RPROC_OFFLINE;

	lockdep_assert_held(&amp_rproc_mutex);
	if (st == AMP_RPROC_DETACHED || (st == AMP_RPROC_OFFLINE && !rproc->hw_up))
		return;
	amp_rproc_notify(rproc, AMP_RPROC_EV_STOPPING, NULL);
	amp_rproc_set_state(rproc, AMP_RPROC_STOPPING);
	if (st == AMP_RPROC_ATTACHED && rproc->ops->detach &&
	    !rproc->ops->detach(rproc)) {
		rproc->hw_up = false;
		final = AMP_RPROC_DETACHED;
	}
	amp_rproc_hw_down(rproc, false);
	amp_rproc_deps_down(rproc);
	amp_rproc_set_state(rproc, lost_dep ? AMP_RPROC_CRASHED : final);
	amp_rproc_notify(rproc, AMP_RPROC_EV_STOPPED, NULL);
}

/*
 * Take a reference without pinning the backend; boot (or attach) on the
 * first one. Only the backend's own auto_boot reference is taken this way.
 */
int amp_rproc_ref_locked(struct amp_rproc *rproc)
{
	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->removed)
		return -ENODEV;
	if (atomic_read(&rproc->power)) {
		atomic_inc(&rproc->power);
		return 0;
	}
	return amp_rproc_power_on(rproc);
}

/* Drop a reference taken with amp_rproc_ref_locked(). */
void amp_rproc_unref_locked(struct amp_rproc *rproc)
{
	lockdep_assert_held(&amp_rproc_mutex);
	if (WARN_ON(atomic_read(&rproc->power) <= 0))
		return;
	if (atomic_dec_and_test(&rproc->power))
		amp_rproc_power_off(rproc);
}

/*
 * Take a reference for a client, a dependent or a sysfs or /dev holder:
 * each such reference pins the backend module until it is dropped.
 */
int amp_rproc_get_locked(struct amp_rproc *rproc)
{
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->removed)
		return -ENODEV;
	if (!try_module_get(rproc->owner)) {
		dev_err(&rproc->dev, "backend module is going away\n");
		return -ENODEV;
	}
	ret = amp_rproc_ref_locked(rproc);
	if (ret)
		module_put(rproc->owner);
	return ret;
}

/* Drop a reference taken with amp_rproc_get_locked(). */
void amp_rproc_put_locked(struct amp_rproc *rproc)
{
	struct module *owner = rproc->owner;

	amp_rproc_unref_locked(rproc);
	module_put(owner);
}

static struct amp_rproc *amp_rproc_lookup(const char *name)
{
	struct amp_rproc *rproc;

	list_for_each_entry(rproc, &amp_rproc_list, node)
		if (!strcmp(rproc->cfg.name, name))
			return rproc;
	return NULL;
}

static struct amp_rproc *amp_rproc_get_ref(struct amp_rproc *rproc)
{
	int ret;

	if (!rproc)
		return ERR_PTR(-EPROBE_DEFER);
	ret = amp_rproc_get_locked(rproc);
	if (ret)
		return ERR_PTR(ret);
	get_device(&rproc->dev);
	return rproc;
}

/**
 * amp_rproc_get() - look a processor up by name and take a reference
 * @name: the name it was registered with
 *
 * The first reference boots it: its dependencies first (each of them holds
 * a reference until it stops), then firmware, memory, the resource table and
 * the start. A processor registered as already running is attached instead.
 * Further references only count. Drop the reference with amp_rproc_put().
 *
 * Context: process context; may sleep for as long as a boot takes. Must not
 * be called from a notifier of the amp_rproc notifier chain.
 * Return: the processor, or an ERR_PTR(): -ENODEV if no processor of that
 * name is registered, -EPROBE_DEFER if a dependency named by
 * "amp,depends-on" is not registered yet, -ELOOP if resolving such a
 * dependency would close a cycle, -EBUSY if it is in a state that cannot
 * boot, or the error of the failed boot step.
 */
struct amp_rproc *amp_rproc_get(const char *name)
{
	struct amp_rproc *rproc;

	if (!name)
		return ERR_PTR(-EINVAL);
	mutex_lock(&amp_rproc_mutex);
	rproc = amp_rproc_lookup(name);
	rproc = rproc ? amp_rproc_get_ref(rproc) : ERR_PTR(-ENODEV);
	mutex_unlock(&amp_rproc_mutex);
	return rproc;
}
EXPORT_SYMBOL_GPL(amp_rproc_get);

/**
 * amp_rproc_get_by_fwnode() - take a reference on a processor named by a
 *	firmware-node reference (a DT phandle or a software-node reference)
 * @fwnode: the node holding the reference property
 * @prop: name of the reference-list property, e.g. "amp,rproc"
 * @index: which reference of the list
 *
 * Like amp_rproc_get(), for the processor registered with the referenced
 * node as its &amp_rproc_config.fwnode.
 *
 * Context: process context; may sleep.
 * Return: the processor, or an ERR_PTR(): -EINVAL for bad arguments,
 * -ENOENT if the property has no such reference, -EPROBE_DEFER if the
 * referenced processor is not registered (yet), or an error of
 * amp_rproc_get().
 */
struct amp_rproc *amp_rproc_get_by_fwnode(struct fwnode_handle *fwnode,
					  const char *prop, unsigned int index)
{
	struct fwnode_reference_args args;
	struct amp_rproc *rproc;
	int ret;

	if (IS_ERR_OR_NULL(fwnode) || !prop)
		return ERR_PTR(-EINVAL);
	ret = fwnode_property_get_reference_args(fwnode, prop, NULL, 0, index,
						 &args);
	if (ret)
		return ERR_PTR(ret);
	mutex_lock(&amp_rproc_mutex);
	rproc = amp_rproc_get_ref(amp_rproc_find_fwnode(args.fwnode));
	mutex_unlock(&amp_rproc_mutex);
	fwnode_handle_put(args.fwnode);
	return rproc;
}
EXPORT_SYMBOL_GPL(amp_rproc_get_by_fwnode);

/**
 * amp_rproc_put() - drop a reference taken by amp_rproc_get()
 * @rproc: the processor; NULL and ERR_PTR() values are ignored
 *
 * The last reference stops the processor (or detaches from it, if it was
 * attached and the backend can detach) and then drops the references its
 * boot took on its dependencies, in reverse order. After the processor was
 * unregistered the put only releases the memory reference.
 *
 * Context: process context; may sleep. Must not be called from a notifier
 * of the amp_rproc notifier chain.
 */
void amp_rproc_put(struct amp_rproc *rproc)
{
	struct module *owner;

	if (IS_ERR_OR_NULL(rproc))
		return;
	if (WARN_ON(atomic_read(&rproc->power) <= 0))
		return;
	owner = rproc->owner;
	if (atomic_dec_and_mutex_lock(&rproc->power, &amp_rproc_mutex)) {
		amp_rproc_power_off(rproc);
		mutex_unlock(&amp_rproc_mutex);
	}
	module_put(owner);
	put_device(&rproc->dev);
}
EXPORT_SYMBOL_GPL(amp_rproc_put);

/*
 * A holder (the sysfs state attribute, an open /dev/amp_rprocN) asks for a
 * start. *@ref says whether it holds a reference. Called under the mutex.
 */
int amp_rproc_admin_start(struct amp_rproc *rproc, bool *ref)
{
	enum amp_rproc_state st = rproc->state;
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->removed)
		return -ENODEV;
	if (*ref)
		return -EALREADY;
	if (st == AMP_RPROC_CRASHED || st == AMP_RPROC_RECOVERING)
		return -EBUSY;
	ret = amp_rproc_get_locked(rproc);
	if (ret == -EPROBE_DEFER)
		ret = -ENODEV;
	if (!ret)
		*ref = true;
	return ret;
}

/* A holder asks for a stop; see docs/rproc.md for the rules. */
int amp_rproc_admin_stop(struct amp_rproc *rproc, bool *ref)
{
	int ret;

	lockdep_assert_held(&amp_rproc_mutex);
	if (*ref) {
		*ref = false;
		amp_rproc_put_locked(rproc);
		return 0;
	}
	if (rproc->removed)
		return -ENODEV;
	if (atomic_read(&rproc->power))
		return -EBUSY;
	if (rproc->state == AMP_RPROC_OFFLINE)
		return -EALREADY;
	if (rproc->state != AMP_RPROC_DETACHED)
		return -EINVAL;
	/* Started by the boot loader, never attached: stop it. */
	amp_rproc_set_state(rproc, AMP_RPROC_STOPPING);
	ret = rproc->ops->stop(rproc);
	if (ret) {
		dev_err(&rproc->dev, "stop failed (%d)\n", ret);
		amp_rproc_set_state(rproc, AMP_RPROC_DETACHED);
		return ret;
	}
	amp_rproc_set_state(rproc, AMP_RPROC_OFFLINE);
	return 0;
}

/*
 * The host panics: give every running processor's backend the chance to
 * make its remote flush state. The registry is walked under RCU only; the
 * life-cycle mutex may be held by the panicking context.
 */
static int amp_rproc_panic(struct notifier_block *nb, unsigned long ev,
			   void *data)
{
	struct amp_rproc *rproc;
	enum amp_rproc_state st;

	rcu_read_lock();
	list_for_each_entry_rcu(rproc, &amp_rproc_list, node) {
		st = READ_ONCE(rproc->state);
		if (rproc->ops->panic && !READ_ONCE(rproc->removed) &&
		    (st == AMP_RPROC_RUNNING || st == AMP_RPROC_ATTACHED))
			rproc->ops->panic(rproc);
	}
	rcu_read_unlock();
	return NOTIFY_DONE;
}

static struct notifier_block amp_rproc_panic_nb = {
	.notifier_call = amp_rproc_panic,
	/* before the default handlers that stop the machine */
	.priority = INT_MAX - 1,
};

void amp_rproc_panic_init(void)
{
	atomic_notifier_chain_register(&panic_notifier_list, &amp_rproc_panic_nb);
}

void amp_rproc_panic_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &amp_rproc_panic_nb);
}

/**
 * amp_rproc_register_notifier() - be told about life-cycle events
 * @rproc: the processor
 * @nb: notifier; its callback gets an &enum amp_rproc_event and, for
 *	%AMP_RPROC_EV_POST_RECOVERY, the errno as a pointer-sized integer
 *
 * Callbacks run in process context under the core's life-cycle lock: they
 * may sleep but must not call amp_rproc_get(), amp_rproc_put() or other
 * life-cycle functions.
 *
 * Return: 0, or -EINVAL for NULL arguments.
 */
int amp_rproc_register_notifier(struct amp_rproc *rproc,
				struct notifier_block *nb)
{
	if (IS_ERR_OR_NULL(rproc) || !nb)
		return -EINVAL;
	return blocking_notifier_chain_register(&rproc->nh, nb);
}
EXPORT_SYMBOL_GPL(amp_rproc_register_notifier);

/**
 * amp_rproc_unregister_notifier() - undo amp_rproc_register_notifier()
 * @rproc: the processor
 * @nb: the notifier
 *
 * Return: 0, -EINVAL for NULL arguments, -ENOENT if @nb is not registered.
 */
int amp_rproc_unregister_notifier(struct amp_rproc *rproc,
				  struct notifier_block *nb)
{
	if (IS_ERR_OR_NULL(rproc) || !nb)
		return -EINVAL;
	return blocking_notifier_chain_unregister(&rproc->nh, nb);
}
EXPORT_SYMBOL_GPL(amp_rproc_unregister_notifier);

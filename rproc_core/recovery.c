// SPDX-License-Identifier: GPL-2.0
/*
 * Crash reports and recovery.
 *
 * amp_rproc_report_crash() only flips the state to crashed under a spinlock
 * and queues the crash work, so backends may call it from interrupt
 * handlers. The work runs under amp_rproc_mutex, like every other life-cycle
 * operation, and re-checks the state first: a processor stopped (or
 * unregistered) between the report and the work is left alone. That is what
 * keeps recovery, sysfs writes and the last put from racing.
 *
 * Recovery stops the dependents that are in use (most dependent first),
 * stops the crashed processor, collects its coredump, reloads and restarts
 * it, then restarts the dependents in topological order. References are
 * untouched: clients keep theirs across a recovery.
 */
#include <linux/device.h>
#include <linux/slab.h>

#include "rproc_internal.h"

static const char * const amp_rproc_crash_names[] = {
	[AMP_RPROC_CRASH_FATAL] = "fatal error",
	[AMP_RPROC_CRASH_WATCHDOG] = "watchdog",
	[AMP_RPROC_CRASH_MMUFAULT] = "mmu fault",
	[AMP_RPROC_CRASH_INJECTED] = "injected",
	[AMP_RPROC_CRASH_HANDOFF] = "vdev hand-off failed",
};

static const char *amp_rproc_crash_name(enum amp_rproc_crash why)
{
	if ((unsigned int)why >= ARRAY_SIZE(amp_rproc_crash_names))
		return "unknown";
	return amp_rproc_crash_names[why];
}

/**
 * amp_rproc_report_crash() - a backend reports that its processor crashed
 * @rproc: the processor
 * @why: what happened
 *
 * A running or attached processor becomes crashed and its recovery is
 * queued; the crash is counted. Reports in any other state (including a
 * crash already being handled) are ignored.
 *
 * Context: any, including hard interrupt context.
 */
void amp_rproc_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash why)
{
	enum amp_rproc_state st;
	unsigned long flags;
	bool queue = false;

	if (IS_ERR_OR_NULL(rproc))
		return;
	spin_lock_irqsave(&rproc->lock, flags);
	st = rproc->state;
	if (st == AMP_RPROC_RUNNING || st == AMP_RPROC_ATTACHED) {
		WRITE_ONCE(rproc->state, AMP_RPROC_CRASHED);
		WRITE_ONCE(rproc->crash_count, rproc->crash_count + 1);
		rproc->crash_reason = why;
		queue = true;
	}
	spin_unlock_irqrestore(&rproc->lock, flags);
	if (!queue) {
		dev_dbg(&rproc->dev, "crash report (%s) ignored in state %s\n",
			amp_rproc_crash_name(why), amp_rproc_state_name(st));
		return;
	}
	dev_err(&rproc->dev, "crashed: %s\n", amp_rproc_crash_name(why));
	queue_work(amp_rproc_wq, &rproc->crash_work);
}
EXPORT_SYMBOL_GPL(amp_rproc_report_crash);

/* A dependent in use goes down before its crashed dependency. */
static void amp_rproc_dependent_down(struct amp_rproc *r)
{
	amp_rproc_notify(r, AMP_RPROC_EV_PRE_RECOVERY, NULL);
	amp_rproc_set_state(r, AMP_RPROC_RECOVERING);
	amp_rproc_hw_down(r, false);
}

static void amp_rproc_dependent_up(struct amp_rproc *r, int err)
{
	if (!err)
		err = amp_rproc_hw_up(r);
	amp_rproc_set_state(r, err ? AMP_RPROC_CRASHED : AMP_RPROC_RUNNING);
	if (err)
		dev_err(&r->dev, "not restarted after its dependency's recovery (%d)\n",
			err);
	amp_rproc_notify(r, AMP_RPROC_EV_POST_RECOVERY, (void *)(long)err);
	if (!err)
		amp_rproc_notify(r, AMP_RPROC_EV_BOOTED, NULL);
}

/* Recover a crashed processor and the dependents in use. */
static int amp_rproc_recover_locked(struct amp_rproc *rproc)
{
	struct amp_rproc **deps = NULL;
	unsigned int n = 0, max = 0, i;
	struct amp_rproc *r;
	int ret;

	list_for_each_entry(r, &amp_rproc_list, node)
		max++;
	if (max) {
		deps = kcalloc(max, sizeof(*deps), GFP_KERNEL);
		if (deps)
			n = amp_rproc_dependents(rproc, deps, max);
	}

	dev_info(&rproc->dev, "recovering (%u dependents first)\n", n);
	for (i = n; i-- > 0;)
		amp_rproc_dependent_down(deps[i]);

	amp_rproc_notify(rproc, AMP_RPROC_EV_PRE_RECOVERY, NULL);
	amp_rproc_set_state(rproc, AMP_RPROC_RECOVERING);
	amp_rproc_hw_down(rproc, true);
	ret = amp_rproc_hw_up(rproc);
	amp_rproc_set_state(rproc, ret ? AMP_RPROC_CRASHED : AMP_RPROC_RUNNING);
	if (ret)
		dev_err(&rproc->dev, "recovery failed (%d); it stays crashed\n", ret);
	amp_rproc_notify(rproc, AMP_RPROC_EV_POST_RECOVERY, (void *)(long)ret);
	if (!ret)
		amp_rproc_notify(rproc, AMP_RPROC_EV_BOOTED, NULL);

	for (i = 0; i < n; i++)
		amp_rproc_dependent_up(deps[i], ret);
	kfree(deps);
	return ret;
}

void amp_rproc_crash_work(struct work_struct *work)
{
	struct amp_rproc *rproc = container_of(work, struct amp_rproc, crash_work);

	mutex_lock(&amp_rproc_mutex);
	if (rproc->removed || rproc->state != AMP_RPROC_CRASHED || !rproc->hw_up)
		goto out;
	amp_rproc_notify(rproc, AMP_RPROC_EV_CRASHED,
			 (void *)(long)rproc->crash_reason);
	if (rproc->recovery == AMP_RPROC_RECOVERY_DISABLED) {
		dev_info(&rproc->dev, "recovery disabled; it stays crashed\n");
		goto out;
	}
	if (rproc->recovery == AMP_RPROC_RECOVERY_ONESHOT)
		rproc->recovery = AMP_RPROC_RECOVERY_DISABLED;
	amp_rproc_recover_locked(rproc);
out:
	mutex_unlock(&amp_rproc_mutex);
}

/*
 * Recover now (sysfs "recovery" write "recover"): only a crashed processor
 * in use, whatever the policy.
 */
int amp_rproc_recover_now(struct amp_rproc *rproc)
{
	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->removed)
		return -ENODEV;
	if (rproc->state != AMP_RPROC_CRASHED || !atomic_read(&rproc->power))
		return -EINVAL;
	return amp_rproc_recover_locked(rproc);
}

/**
 * amp_rproc_set_recovery() - choose what happens after a crash
 * @rproc: the processor
 * @policy: %AMP_RPROC_RECOVERY_ENABLED, _DISABLED or _ONESHOT
 *
 * Context: process context; may sleep (waits for a recovery in progress).
 * Return: 0, or -EINVAL for a bad argument.
 */
int amp_rproc_set_recovery(struct amp_rproc *rproc,
			   enum amp_rproc_recovery policy)
{
	if (IS_ERR_OR_NULL(rproc) || (unsigned int)policy > AMP_RPROC_RECOVERY_ONESHOT)
		return -EINVAL;
	mutex_lock(&amp_rproc_mutex);
	rproc->recovery = policy;
	mutex_unlock(&amp_rproc_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rproc_set_recovery);

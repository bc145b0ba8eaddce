// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites "amp_core_refcount" (get/put, also from many threads at
 * once, and lookups through firmware-node references) and "amp_core_deps"
 * (the dependency graph: cycles, boot and shutdown order, rollback, crash
 * propagation, "amp,depends-on").
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/property.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "core_test.h"

static int ct_suite_init(struct kunit_suite *suite)
{
	return ct_parent_init();
}

static void ct_suite_exit(struct kunit_suite *suite)
{
	ct_parent_exit();
}

static int ct_case_init(struct kunit *test)
{
	ct_log_reset();
	return 0;
}

/* A fake without prepare/unprepare, so logs show start and stop only. */
static struct ct_fake *ct_dep_fake(struct kunit *test, const char *name)
{
	struct ct_fake *f = ct_fake_new(test, name);

	f->ops.prepare = NULL;
	f->ops.unprepare = NULL;
	ct_fake_register(f);
	return f;
}

static void refcount_counts(struct kunit *test)
{
	struct ct_fake *f = ct_dep_fake(test, "rc");
	struct amp_rproc *r[3];
	int i;

	for (i = 0; i < 3; i++) {
		r[i] = amp_rproc_get("rc");
		KUNIT_ASSERT_FALSE(test, IS_ERR(r[i]));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 1);
	amp_rproc_put(r[0]);
	amp_rproc_put(r[1]);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 0);
	amp_rproc_put(r[2]);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "rc:start rc:stop");
}

struct ct_thread {
	struct completion done;
	const char *name;
	int iters;
	int errors;
};

static int ct_getput_fn(void *arg)
{
	struct ct_thread *t = arg;
	struct amp_rproc *r;
	int i;

	for (i = 0; i < t->iters; i++) {
		r = amp_rproc_get(t->name);
		if (IS_ERR(r)) {
			t->errors++;
			continue;
		}
		if (amp_rproc_state(r) != AMP_RPROC_RUNNING)
			t->errors++;
		if (i % 3 == 0)
			cond_resched();
		amp_rproc_put(r);
	}
	kthread_complete_and_exit(&t->done, 0);
}

#define CT_THREADS	8

static void run_threads(struct kunit *test, const char *name, int iters)
{
	struct ct_thread *t = kunit_kcalloc(test, CT_THREADS, sizeof(*t), GFP_KERNEL);
	struct task_struct *task;
	int i, errors = 0;

	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < CT_THREADS; i++) {
		init_completion(&t[i].done);
		t[i].name = name;
		t[i].iters = iters;
		task = kthread_run(ct_getput_fn, &t[i], "amp_ct_gp%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < CT_THREADS; i++) {
		wait_for_completion(&t[i].done);
		errors += t[i].errors;
	}
	KUNIT_EXPECT_EQ(test, errors, 0);
}

/* Many threads get and put: every get sees it running; boots == stops. */
static void refcount_concurrent(struct kunit *test)
{
	struct ct_fake *f = ct_dep_fake(test, "rcc");

	run_threads(test, "rcc", 300);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_GE(test, atomic_read(&f->n_start), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), atomic_read(&f->n_stop));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_fetch), atomic_read(&f->n_start));
}

/* The same with a dependency: the dep's references balance as well. */
static void refcount_concurrent_deps(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "rcd-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "rcd-modem");
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	r = amp_rproc_get("rcd-dsp");	/* a client of the dsp alone */
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	run_threads(test, "rcd-modem", 200);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, atomic_read(&dsp->n_start), 1);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&modem->n_start), atomic_read(&modem->n_stop));
}

static const struct software_node ct_dsp_node = { .name = "amp-ct-dsp" };
static const struct property_entry ct_modem_props[] = {
	PROPERTY_ENTRY_REF("amp,depends-on", &ct_dsp_node),
	{ }
};
static const struct software_node ct_modem_node = {
	.name = "amp-ct-modem",
	.properties = ct_modem_props,
};
static const struct property_entry ct_client_props[] = {
	PROPERTY_ENTRY_REF("amp,rproc", &ct_dsp_node),
	{ }
};
static const struct software_node ct_client_node = {
	.name = "amp-ct-client",
	.properties = ct_client_props,
};

/* Lookup through a reference property, as a client driver does it. */
static void get_by_fwnode(struct kunit *test)
{
	struct fwnode_handle *client;
	struct ct_fake *f;
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, software_node_register(&ct_dsp_node), 0);
	KUNIT_ASSERT_EQ(test, software_node_register(&ct_client_node), 0);
	client = software_node_fwnode(&ct_client_node);

	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get_by_fwnode(client, "amp,rproc", 0)),
			-EPROBE_DEFER);
	f = ct_fake_new(test, "fwn");
	f->cfg.fwnode = software_node_fwnode(&ct_dsp_node);
	ct_fake_register(f);
	r = amp_rproc_get_by_fwnode(client, "amp,rproc", 0);
	KUNIT_EXPECT_PTR_EQ(test, r, f->rproc);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get_by_fwnode(client, "amp,rproc", 1)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get_by_fwnode(client, "nope", 0)),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get_by_fwnode(NULL, "amp,rproc", 0)),
			-EINVAL);
	ct_fake_unregister(f);
	software_node_unregister(&ct_client_node);
	software_node_unregister(&ct_dsp_node);
}

static struct kunit_case amp_core_refcount_cases[] = {
	KUNIT_CASE(refcount_counts),
	KUNIT_CASE(refcount_concurrent),
	KUNIT_CASE(refcount_concurrent_deps),
	KUNIT_CASE(get_by_fwnode),
	{}
};

static struct kunit_suite amp_core_refcount_suite = {
	.name = "amp_core_refcount",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_refcount_cases,
};

/* A modem that depends on a DSP boots after it and stops before it. */
static void dep_order(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "dsp");
	struct ct_fake *modem = ct_dep_fake(test, "modem");
	struct amp_rproc *r;
	char buf[64];

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(modem, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "dsp");
	r = amp_rproc_get("modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_RUNNING);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(modem, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "dsp held");
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "dsp:start modem:start modem:stop dsp:stop");
}

static void dep_cycles(struct kunit *test)
{
	struct ct_fake *a = ct_dep_fake(test, "cy-a");
	struct ct_fake *b = ct_dep_fake(test, "cy-b");
	struct ct_fake *c = ct_dep_fake(test, "cy-c");

	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, a->rproc), -ELOOP);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, b->rproc), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(b->rproc, a->rproc), -ELOOP);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(b->rproc, c->rproc), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(c->rproc, a->rproc), -ELOOP);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, b->rproc), -EEXIST);
	/* a -> c as well is no cycle (a -> b -> c already) */
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, c->rproc), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(NULL, c->rproc), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, ERR_PTR(-ENODEV)), -EINVAL);
}

static void dep_add_remove_rules(struct kunit *test)
{
	struct ct_fake *a = ct_dep_fake(test, "ar-a");
	struct ct_fake *b = ct_dep_fake(test, "ar-b");
	struct ct_fake *u = ct_fake_new(test, "ar-unreg");
	struct amp_rproc *r;

	ct_fake_alloc(u);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(a->rproc, u->rproc), -ENODEV);
	KUNIT_EXPECT_EQ(test, amp_rproc_remove_dependency(a->rproc, b->rproc), -ENOENT);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(a->rproc, b->rproc), 0);
	r = amp_rproc_get("ar-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, amp_rproc_remove_dependency(a->rproc, b->rproc), -EBUSY);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_remove_dependency(a->rproc, b->rproc), 0);
	r = amp_rproc_get("ar-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, amp_rproc_state(b->rproc), AMP_RPROC_OFFLINE);
	amp_rproc_put(r);
}

/* a needs b and c, both need d: d first, a last; shutdown in reverse. */
static void dep_diamond(struct kunit *test)
{
	struct ct_fake *a = ct_dep_fake(test, "dm-a");
	struct ct_fake *b = ct_dep_fake(test, "dm-b");
	struct ct_fake *c = ct_dep_fake(test, "dm-c");
	struct ct_fake *d = ct_dep_fake(test, "dm-d");
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(a->rproc, b->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(a->rproc, c->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(b->rproc, d->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(c->rproc, d->rproc), 0);
	r = amp_rproc_get("dm-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_STREQ(test, ct_log(), "dm-d:start dm-b:start dm-c:start dm-a:start");
	ct_log_reset();
	amp_rproc_put(r);
	KUNIT_EXPECT_STREQ(test, ct_log(), "dm-a:stop dm-c:stop dm-b:stop dm-d:stop");
	KUNIT_EXPECT_EQ(test, atomic_read(&d->n_start), 1);
}

/* A failed modem boot rolls back the DSP it brought up. */
static void dep_rollback(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "rb-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "rb-modem");

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	modem->fail_start = -EIO;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("rb-modem")), -EIO);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "rb-dsp:start rb-modem:start-fail rb-dsp:stop");
}

/* A failing second dependency rolls back the first; the target never starts. */
static void dep_rollback_chain(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "rc-dsp");
	struct ct_fake *audio = ct_dep_fake(test, "rc-audio");
	struct ct_fake *modem = ct_dep_fake(test, "rc-modem");

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, audio->rproc), 0);
	audio->fail_start = -ENODEV;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("rc-modem")), -ENODEV);
	KUNIT_EXPECT_STREQ(test, ct_log(), "rc-dsp:start rc-audio:start-fail rc-dsp:stop");
	KUNIT_EXPECT_EQ(test, atomic_read(&modem->n_fetch), 0);
}

/* Rollback only undoes what this boot brought up. */
static void dep_rollback_keeps_others(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "rk-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "rk-modem");
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	r = amp_rproc_get("rk-dsp");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	modem->fail_start = -EIO;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("rk-modem")), -EIO);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_STREQ(test, ct_log(), "rk-dsp:start rk-modem:start-fail");
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_OFFLINE);
}

/* A DSP crash stops the modem (and what needs the modem) first. */
static void dep_crash_propagation(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "cp-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "cp-modem");
	struct ct_fake *app = ct_dep_fake(test, "cp-app");
	struct ct_fake *idle = ct_dep_fake(test, "cp-idle");
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(app->rproc, modem->rproc), 0);
	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(idle->rproc, dsp->rproc), 0);
	r = amp_rproc_get("cp-app");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	ct_log_reset();
	amp_rproc_report_crash(dsp->rproc, AMP_RPROC_CRASH_WATCHDOG);
	KUNIT_EXPECT_TRUE(test, ct_wait_state(dsp->rproc, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_TRUE(test, ct_wait_state(app->rproc, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_STREQ(test, ct_log(),
			   "cp-app:stop cp-modem:stop cp-dsp:stop cp-dsp:start cp-modem:start cp-app:start");
	KUNIT_EXPECT_EQ(test, atomic_read(&idle->n_start), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem->rproc), AMP_RPROC_RUNNING);
	ct_log_reset();
	amp_rproc_put(r);
	KUNIT_EXPECT_STREQ(test, ct_log(), "cp-app:stop cp-modem:stop cp-dsp:stop");
}

/* A dependent whose restart fails after the dep's recovery stays crashed. */
static void dep_crash_dependent_fails(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "cf-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "cf-modem");
	struct amp_rproc *r;

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	r = amp_rproc_get("cf-modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	modem->fail_start = -EIO;
	amp_rproc_report_crash(dsp->rproc, AMP_RPROC_CRASH_FATAL);
	KUNIT_EXPECT_TRUE(test, ct_wait_state(modem->rproc, AMP_RPROC_CRASHED));
	KUNIT_EXPECT_TRUE(test, ct_wait_state(dsp->rproc, AMP_RPROC_RUNNING));
	/* recover the modem by hand once it can start again */
	modem->fail_start = 0;
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(modem, "recovery", "recover"), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem->rproc), AMP_RPROC_RUNNING);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(dsp->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&modem->n_start), atomic_read(&modem->n_stop) + 1);
}

/* Unregistering a dependency stops its dependents first. */
static void dep_unregister(struct kunit *test)
{
	struct ct_fake *dsp = ct_dep_fake(test, "un-dsp");
	struct ct_fake *modem = ct_dep_fake(test, "un-modem");
	struct amp_rproc *r;
	char buf[64];

	KUNIT_ASSERT_EQ(test, amp_rproc_add_dependency(modem->rproc, dsp->rproc), 0);
	r = amp_rproc_get("un-modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	ct_log_reset();
	ct_fake_unregister(dsp);
	KUNIT_EXPECT_STREQ(test, ct_log(), "un-modem:stop un-dsp:stop");
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(modem, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "");
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem->rproc), AMP_RPROC_OFFLINE);
	/* it boots alone now */
	r = amp_rproc_get("un-modem");
	KUNIT_EXPECT_FALSE(test, IS_ERR(r));
	amp_rproc_put(r);
}

/* "amp,depends-on": resolved at the first boot, deferred until registered. */
static void dep_fwnode(struct kunit *test)
{
	struct ct_fake *dsp, *modem;
	struct amp_rproc *r;
	char buf[96];

	KUNIT_ASSERT_EQ(test, software_node_register(&ct_dsp_node), 0);
	KUNIT_ASSERT_EQ(test, software_node_register(&ct_modem_node), 0);
	modem = ct_fake_new(test, "fw-modem");
	modem->ops.prepare = NULL;
	modem->ops.unprepare = NULL;
	modem->cfg.fwnode = software_node_fwnode(&ct_modem_node);
	ct_fake_register(modem);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(modem, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "amp-ct-dsp unresolved");
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fw-modem")), -EPROBE_DEFER);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(modem, "state", "start"), -ENODEV);

	dsp = ct_fake_new(test, "fw-dsp");
	dsp->ops.prepare = NULL;
	dsp->ops.unprepare = NULL;
	dsp->cfg.fwnode = software_node_fwnode(&ct_dsp_node);
	ct_fake_register(dsp);
	r = amp_rproc_get("fw-modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_STREQ(test, ct_log(), "fw-dsp:start fw-modem:start");
	amp_rproc_put(r);
	/* the dsp goes: the edge becomes an unresolved reference again */
	ct_fake_unregister(dsp);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(modem, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "amp-ct-dsp unresolved");
	ct_fake_unregister(modem);
	software_node_unregister(&ct_modem_node);
	software_node_unregister(&ct_dsp_node);
}

static const struct software_node ct_cyc_y;
static const struct property_entry ct_cyc_x_props[] = {
	PROPERTY_ENTRY_REF("amp,depends-on", &ct_cyc_y),
	{ }
};
static const struct software_node ct_cyc_x = {
	.name = "amp-ct-cyc-x",
	.properties = ct_cyc_x_props,
};
static const struct property_entry ct_cyc_y_props[] = {
	PROPERTY_ENTRY_REF("amp,depends-on", &ct_cyc_x),
	{ }
};
static const struct software_node ct_cyc_y = {
	.name = "amp-ct-cyc-y",
	.properties = ct_cyc_y_props,
};

/* Firmware nodes that depend on each other: -ELOOP, nothing started. */
static void dep_fwnode_cycle(struct kunit *test)
{
	struct ct_fake *x, *y;

	KUNIT_ASSERT_EQ(test, software_node_register(&ct_cyc_x), 0);
	KUNIT_ASSERT_EQ(test, software_node_register(&ct_cyc_y), 0);
	x = ct_fake_new(test, "cyc-x");
	x->cfg.fwnode = software_node_fwnode(&ct_cyc_x);
	ct_fake_register(x);
	y = ct_fake_new(test, "cyc-y");
	y->cfg.fwnode = software_node_fwnode(&ct_cyc_y);
	ct_fake_register(y);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("cyc-x")), -ELOOP);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("cyc-y")), -ELOOP);
	KUNIT_EXPECT_STREQ(test, ct_log(), "");
	ct_fake_unregister(y);
	ct_fake_unregister(x);
	software_node_unregister(&ct_cyc_y);
	software_node_unregister(&ct_cyc_x);
}

static struct kunit_case amp_core_deps_cases[] = {
	KUNIT_CASE(dep_order),
	KUNIT_CASE(dep_cycles),
	KUNIT_CASE(dep_add_remove_rules),
	KUNIT_CASE(dep_diamond),
	KUNIT_CASE(dep_rollback),
	KUNIT_CASE(dep_rollback_chain),
	KUNIT_CASE(dep_rollback_keeps_others),
	KUNIT_CASE(dep_crash_propagation),
	KUNIT_CASE(dep_crash_dependent_fails),
	KUNIT_CASE(dep_unregister),
	KUNIT_CASE(dep_fwnode),
	KUNIT_CASE(dep_fwnode_cycle),
	{}
};

static struct kunit_suite amp_core_deps_suite = {
	.name = "amp_core_deps",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_deps_cases,
};

kunit_test_suites(&amp_core_refcount_suite, &amp_core_deps_suite);

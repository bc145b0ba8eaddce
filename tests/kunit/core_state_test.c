// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites "amp_core_state" and "amp_core_sysfs": registration, the
 * state machine with every illegal request, attach/detach, authentication,
 * module pinning, and the sysfs and /dev interfaces.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>

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

/* Every field amp_rproc_alloc() checks is refused with -EINVAL. */
static void alloc_rejects_bad_config(struct kunit *test)
{
	static const struct amp_rproc_window wrap = { .da = ~0ULL, .size = 2 };
	struct ct_fake *f = ct_fake_new(test, "bad");
	struct amp_rproc_config c;
	struct amp_rproc_ops o;
	struct amp_rproc *r;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_alloc(ct_parent(), NULL)), -EINVAL);
	for (i = 0; i < 8; i++) {
		c = f->cfg;
		o = f->ops;
		c.ops = &o;
		switch (i) {
		case 0:
			c.name = NULL;
			break;
		case 1:
			c.name = "";
			break;
		case 2:
			c.name = "a/b";
			break;
		case 3:
			o.start = NULL;
			break;
		case 4:
			c.nr_machines = 0;
			break;
		case 5:
			o.attach = NULL;
			c.attach_on_register = true;
			break;
		case 6:
			o.iommu_map = ct_ops_extra.iommu_map;
			break;
		case 7:
			c.windows = &wrap;
			c.nr_windows = 1;
			break;
		}
		r = amp_rproc_alloc(ct_parent(), &c);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(r), -EINVAL, "config %u", i);
		if (!IS_ERR(r))
			amp_rproc_free(r);
	}
}

static void register_offline(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "reg", NULL);
	char buf[32];

	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(f->rproc), "reg");
	KUNIT_EXPECT_STREQ(test, dev_name(amp_rproc_dev(f->rproc)), "reg");
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "state", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "offline");
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_prepare), 0);
	KUNIT_EXPECT_STREQ(test, ct_log(), "");
}

static void register_twice_and_duplicate(struct kunit *test)
{
	struct ct_fake *a = ct_fake_up(test, "dup", NULL);
	struct ct_fake *b = ct_fake_new(test, "dup");

	KUNIT_EXPECT_EQ(test, amp_rproc_register(a->rproc), -EBUSY);
	ct_fake_alloc(b);
	KUNIT_EXPECT_EQ(test, amp_rproc_register(b->rproc), -EEXIST);
	KUNIT_EXPECT_EQ(test, amp_rproc_register(NULL), -EINVAL);
}

static void get_boots_put_stops(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "gp", NULL);
	struct amp_rproc *r;

	r = amp_rproc_get("gp");
	KUNIT_ASSERT_PTR_EQ(test, r, f->rproc);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, f->boot_addr, (u64)AMP_EG_DA_BASE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_fetch), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_release), 1);
	/* Segment 0 is 0x400 bytes of 0x11; segment 1 has 0x200 of bss. */
	KUNIT_EXPECT_EQ(test, f->load_mem[0], 0x11);
	KUNIT_EXPECT_EQ(test, f->load_mem[0x3ff], 0x11);
	KUNIT_EXPECT_EQ(test, f->load_mem[0x1000], 0x22);
	KUNIT_EXPECT_EQ(test, f->load_mem[0x12ff], 0);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "gp:prepare gp:start gp:stop gp:unprepare");
}

static void get_unknown(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("no-such-rproc")), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get(NULL)), -EINVAL);
	amp_rproc_put(NULL);
	amp_rproc_put(ERR_PTR(-ENODEV));
}

static void boot_fails_prepare(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "fp", NULL);

	f->fail_prepare = -EIO;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fp")), -EIO);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "fp:prepare-fail");
}

static void boot_fails_start(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;
	int i;

	ct_rsc_spec_plain(&s);
	s.carveout_len = CT_CARVE_SIZE;	/* the whole window: leaks would show */
	f = ct_fake_up(test, "fs", &s);
	f->fail_start = -ETIMEDOUT;
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fs")), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_unprepare), 3);
	f->fail_start = 0;
	r = amp_rproc_get("fs");
	KUNIT_EXPECT_FALSE(test, IS_ERR(r));
	amp_rproc_put(r);
}

static void boot_fails_image(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "fi", NULL);

	f->machines[0] = AMP_EM_RISCV;	/* the image is EM_ARM */
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fi")), -ENOEXEC);
	f->machines[0] = AMP_EM_ARM;
	f->fail_fetch = -ENOENT;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fi")), -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_prepare), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_unprepare), 2);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
}

/* A segment outside every loadable window is refused before any write. */
static void boot_fails_segment_outside(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "fo");
	struct amp_eg_desc d;

	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.segs[1].da = CT_DEV_DA;	/* devmem is not loadable */
	ct_fake_image_desc(f, &d, NULL);
	ct_fake_register(f);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("fo")), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->load_mem[0], 0);
}

static void state_names(struct kunit *test)
{
	static const char * const names[] = { "offline", "booting", "running",
		"crashed", "recovering", "stopping", "attached", "detached" };
	unsigned int i;

	for (i = 0; i < AMP_RPROC_NR_STATES; i++)
		KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(i), names[i]);
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(AMP_RPROC_NR_STATES), "invalid");
	KUNIT_EXPECT_STREQ(test, amp_rproc_state_name(-1), "invalid");
}

static void attach_detach(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "att");
	struct amp_rproc *r;

	f->cfg.attach_on_register = true;
	ct_fake_register(f);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_DETACHED);
	r = amp_rproc_get("att");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_ATTACHED);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_DETACHED);
	KUNIT_EXPECT_STREQ(test, ct_log(), "att:attach att:detach");
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_fetch), 0);
}

static void attach_without_detach_stops(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "att2");
	struct amp_rproc *r;

	f->cfg.attach_on_register = true;
	f->ops.detach = NULL;
	ct_fake_register(f);
	f->fail_attach = -EIO;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("att2")), -EIO);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_DETACHED);
	f->fail_attach = 0;
	r = amp_rproc_get("att2");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_STREQ(test, ct_log(), "att2:attach-fail att2:attach att2:stop");
}

/* A detached processor nobody uses can be stopped from sysfs. */
static void detached_stop(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "det");

	f->cfg.attach_on_register = true;
	ct_fake_register(f);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EALREADY);
	KUNIT_EXPECT_STREQ(test, ct_log(), "det:stop");
}

/* The request x state table of docs/rproc.md, for the stable states. */
static void illegal_requests(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "ill", NULL);
	struct ct_fake *g = ct_fake_up(test, "ill2", NULL);
	struct amp_rproc *r;

	/* offline */
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EALREADY);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "bogus"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "recover"), -EINVAL);
	amp_rproc_report_crash(f->rproc, AMP_RPROC_CRASH_FATAL);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);

	/* running */
	r = amp_rproc_get("ill");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "other.elf"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "recover"), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rproc_add_dependency(r, g->rproc), -EBUSY);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), -EALREADY);

	/* crashed, recovery disabled */
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "disabled"), 0);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_WATCHDOG);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_WATCHDOG);
	ct_flush();
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(g, "state", "start"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(g, "state", "stop"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "other.elf"), -EBUSY);
	/* drop the sysfs reference, then the client's: it goes offline */
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 1);
	KUNIT_EXPECT_EQ(test, amp_rproc_set_recovery(r, 7), -EINVAL);
}

/* "start" is refused while crashed (recovery pending or disabled). */
static void start_while_crashed(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "swc", NULL);
	struct amp_rproc *r = amp_rproc_get("swc");

	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, amp_rproc_set_recovery(r, AMP_RPROC_RECOVERY_DISABLED), 0);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), -EBUSY);
	amp_rproc_put(r);
}

static int ct_events[16];
static int ct_nevents;

static int ct_notifier(struct notifier_block *nb, unsigned long ev, void *data)
{
	if (ct_nevents < (int)ARRAY_SIZE(ct_events))
		ct_events[ct_nevents++] = ev;
	return NOTIFY_OK;
}

static void notifier_events(struct kunit *test)
{
	struct notifier_block nb = { .notifier_call = ct_notifier };
	struct ct_fake *f = ct_fake_up(test, "nb", NULL);
	struct amp_rproc *r;

	ct_nevents = 0;
	KUNIT_ASSERT_EQ(test, amp_rproc_register_notifier(f->rproc, &nb), 0);
	r = amp_rproc_get("nb");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_unregister_notifier(f->rproc, &nb), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_unregister_notifier(f->rproc, &nb), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_rproc_register_notifier(NULL, &nb), -EINVAL);
	KUNIT_ASSERT_EQ(test, ct_nevents, 3);
	KUNIT_EXPECT_EQ(test, ct_events[0], AMP_RPROC_EV_BOOTED);
	KUNIT_EXPECT_EQ(test, ct_events[1], AMP_RPROC_EV_STOPPING);
	KUNIT_EXPECT_EQ(test, ct_events[2], AMP_RPROC_EV_STOPPED);
}

/* The backend module is pinned exactly while the processor is powered. */
static void module_pinned(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "pin", NULL);
	int base = module_refcount(THIS_MODULE);
	struct amp_rproc *r, *r2;

	r = amp_rproc_get("pin");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base + 1);
	r2 = amp_rproc_get("pin");
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base + 1);
	amp_rproc_put(r2);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base);
	/* A failed boot leaves nothing pinned. */
	f->fail_start = -EIO;
	KUNIT_EXPECT_TRUE(test, IS_ERR(amp_rproc_get("pin")));
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base);
}

/* Unregister while running: stopped cleanly; late puts are harmless. */
static void unregister_running(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "ur", NULL);
	int base = module_refcount(THIS_MODULE);
	struct amp_rproc *r = amp_rproc_get("ur");

	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	get_device(amp_rproc_dev(r));
	ct_fake_unregister(f);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("ur")), -ENODEV);
	amp_rproc_put(r);
	KUNIT_EXPECT_STREQ(test, ct_log(), "ur:prepare ur:start ur:stop ur:unprepare");
	put_device(amp_rproc_dev(r));
}

static void auto_boot(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "auto");
	struct amp_rproc *r;

	f->cfg.auto_boot = true;
	ct_fake_register(f);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	r = amp_rproc_get("auto");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	ct_fake_unregister(f);
	KUNIT_EXPECT_STREQ(test, ct_log(), "auto:prepare auto:start auto:stop auto:unprepare");
}

/* The secure-world hooks: metadata first, auth_and_start instead of start. */
static void authenticate_hook(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "auth");
	struct amp_eg_desc d;
	struct amp_rproc *r;

	f->ops.authenticate = ct_ops_extra.authenticate;
	f->ops.auth_and_start = ct_ops_extra.auth_and_start;
	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.hash_seg = true;
	d.hash_size = 0x80;
	ct_fake_image_desc(f, &d, NULL);
	ct_fake_register(f);
	r = amp_rproc_get("auth");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_STREQ(test, ct_log(), "auth:prepare auth:auth auth:auth_and_start");
	KUNIT_EXPECT_TRUE(test, f->auth_magic_ok);
	KUNIT_EXPECT_EQ(test, f->auth_hash, 2);
	/* up to the end of the 3 program headers, then the hash segment */
	KUNIT_EXPECT_EQ(test, f->auth_len,
			(size_t)(amp_eg_load(f->fw + 28, 4, false) + 3 * 32 + 0x80));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 0);
	amp_rproc_put(r);

	f->fail_auth = -EKEYREJECTED;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("auth")), -EKEYREJECTED);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_auth_start), 1);
}

static struct kunit_case amp_core_state_cases[] = {
	KUNIT_CASE(alloc_rejects_bad_config),
	KUNIT_CASE(register_offline),
	KUNIT_CASE(register_twice_and_duplicate),
	KUNIT_CASE(get_boots_put_stops),
	KUNIT_CASE(get_unknown),
	KUNIT_CASE(boot_fails_prepare),
	KUNIT_CASE(boot_fails_start),
	KUNIT_CASE(boot_fails_image),
	KUNIT_CASE(boot_fails_segment_outside),
	KUNIT_CASE(state_names),
	KUNIT_CASE(attach_detach),
	KUNIT_CASE(attach_without_detach_stops),
	KUNIT_CASE(detached_stop),
	KUNIT_CASE(illegal_requests),
	KUNIT_CASE(start_while_crashed),
	KUNIT_CASE(notifier_events),
	KUNIT_CASE(module_pinned),
	KUNIT_CASE(unregister_running),
	KUNIT_CASE(auto_boot),
	KUNIT_CASE(authenticate_hook),
	{}
};

static struct kunit_suite amp_core_state_suite = {
	.name = "amp_core_state",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_state_cases,
};

/* sysfs "state": holder semantics of start and stop. */
static void sysfs_start_stop(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "ss", NULL);
	struct amp_rproc *r;
	char buf[32];

	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start\n"), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "state", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "running");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), -EALREADY);
	/* a client too: the sysfs stop drops only the sysfs reference */
	r = amp_rproc_get("ss");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EBUSY);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EALREADY);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "state", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "offline");
	/* a failed boot is reported to the writer */
	f->fail_start = -EIO;
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), -EIO);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), -EALREADY);
}

static void sysfs_firmware(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "fw", NULL);
	char buf[64];

	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "firmware", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "amp-core-test.elf");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "dsp/new.elf\n"), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "firmware", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "dsp/new.elf");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "/etc/shadow"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "../x"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "start"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "x.elf"), -EBUSY);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "state", "stop"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "firmware", "x.elf"), 0);
}

static void sysfs_attributes(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "attrs", NULL);
	char buf[64];

	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "name", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "attrs");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "name", "x"), -EACCES);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "crash_count", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0");
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "recovery", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "enabled");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "oneshot"), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "recovery", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "oneshot");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "sometimes"), -EINVAL);
	/* ct_fake_register() switched it off */
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "coredump", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "disabled");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "coredump", "enabled\n"), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "coredump", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "enabled");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "coredump", "disabled"), 0);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "coredump", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "disabled");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "coredump", "maybe"), -EINVAL);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "dependencies", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "");
}

static void sysfs_security_floor(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "sec", NULL);
	struct amp_rproc *r;
	char buf[32];

	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "security_version_floor", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "security_version_floor", "5"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "security_version_floor", "5"), 0);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "security_version_floor", "4"), -EPERM);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "security_version_floor", "x"), -EINVAL);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "security_version_floor", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "5");
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "unsigned_loaded", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "0");
	r = amp_rproc_get("sec");
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "unsigned_loaded", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "1");
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "unsigned_loaded", "0"), -EACCES);
	amp_rproc_put(r);
}

/* /dev/amp_rprocN: the open file holds the reference; close releases it. */
static void cdev_lifetime(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "cdev", NULL);
	struct file *a, *b;
	char path[48], buf[16];
	loff_t pos = 0;

	KUNIT_ASSERT_EQ(test, ct_dev_path(f, path, sizeof(path)), 0);
	a = filp_open(path, O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(a), "open %s: %ld", path, PTR_ERR(a));
	b = filp_open(path, O_RDWR, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, kernel_write(a, "start", 5, &pos), 5L);
	KUNIT_EXPECT_EQ(test, kernel_write(a, "start", 5, &pos), (ssize_t)-EALREADY);
	KUNIT_EXPECT_EQ(test, kernel_write(b, "start\n", 6, &pos), 6L);
	KUNIT_EXPECT_EQ(test, kernel_write(b, "run", 3, &pos), (ssize_t)-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(a, buf, sizeof(buf), &pos), 8L);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "running\n", 8), 0);
	/* b dies without "stop": closing it drops its reference */
	filp_close(b, NULL);
	msleep(50);	/* a kthread's last fput is deferred */
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, kernel_write(a, "stop", 4, &pos), 4L);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, kernel_write(a, "start", 5, &pos), 5L);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_RUNNING);
	filp_close(a, NULL);
	KUNIT_EXPECT_TRUE(test, ct_wait_state(f->rproc, AMP_RPROC_OFFLINE));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 2);
}

static struct kunit_case amp_core_sysfs_cases[] = {
	KUNIT_CASE(sysfs_start_stop),
	KUNIT_CASE(sysfs_firmware),
	KUNIT_CASE(sysfs_attributes),
	KUNIT_CASE(sysfs_security_floor),
	KUNIT_CASE(cdev_lifetime),
	{}
};

static struct kunit_suite amp_core_sysfs_suite = {
	.name = "amp_core_sysfs",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_sysfs_cases,
};

kunit_test_suites(&amp_core_state_suite, &amp_core_sysfs_suite);

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_core_recovery": crash reports (also from atomic
 * context), the recovery policies, notifications, the devcoredump ELF dump,
 * crash injection through debugfs, and a stress loop in which crashes,
 * sysfs writes and get/put from several threads race.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
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

static struct amp_rproc *ct_get(struct kunit *test, struct ct_fake *f)
{
	struct amp_rproc *r = amp_rproc_get(f->name);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(r), "boot of %s: %ld", f->name, PTR_ERR(r));
	return r;
}

static struct {
	int ev[16];
	long data[16];
	int n;
} ct_ev;

static int ct_ev_cb(struct notifier_block *nb, unsigned long ev, void *data)
{
	if (ct_ev.n < 16) {
		ct_ev.ev[ct_ev.n] = ev;
		ct_ev.data[ct_ev.n++] = (long)data;
	}
	return NOTIFY_OK;
}

static struct notifier_block ct_nb = { .notifier_call = ct_ev_cb };

static void crash_recovers(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rec", NULL);
	struct amp_rproc *r = ct_get(test, f);
	char buf[16];

	memset(&ct_ev, 0, sizeof(ct_ev));
	KUNIT_ASSERT_EQ(test, amp_rproc_register_notifier(r, &ct_nb), 0);
	ct_log_reset();
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_WATCHDOG);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_STREQ(test, ct_log(), "rec:stop rec:unprepare rec:prepare rec:start");
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "crash_count", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "1");
	KUNIT_ASSERT_EQ(test, ct_ev.n, 4);
	KUNIT_EXPECT_EQ(test, ct_ev.ev[0], AMP_RPROC_EV_CRASHED);
	KUNIT_EXPECT_EQ(test, ct_ev.data[0], (long)AMP_RPROC_CRASH_WATCHDOG);
	KUNIT_EXPECT_EQ(test, ct_ev.ev[1], AMP_RPROC_EV_PRE_RECOVERY);
	KUNIT_EXPECT_EQ(test, ct_ev.ev[2], AMP_RPROC_EV_POST_RECOVERY);
	KUNIT_EXPECT_EQ(test, ct_ev.data[2], 0L);
	KUNIT_EXPECT_EQ(test, ct_ev.ev[3], AMP_RPROC_EV_BOOTED);
	amp_rproc_unregister_notifier(r, &ct_nb);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
}

static void recovery_disabled(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rdis", NULL);
	struct amp_rproc *r = ct_get(test, f);

	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "disabled"), 0);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	ct_flush();
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 0);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 1);
}

static void recovery_oneshot(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rone", NULL);
	struct amp_rproc *r = ct_get(test, f);
	char buf[16];

	KUNIT_EXPECT_EQ(test, amp_rproc_set_recovery(r, AMP_RPROC_RECOVERY_ONESHOT), 0);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "recovery", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "disabled");
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	ct_flush();
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_CRASHED);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
	amp_rproc_put(r);
}

/* A restart that fails leaves it crashed and powered down; put cleans up. */
static void recovery_fails(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rfail", NULL);
	int base = module_refcount(THIS_MODULE);
	struct amp_rproc *r = ct_get(test, f);
	int i;

	memset(&ct_ev, 0, sizeof(ct_ev));
	KUNIT_ASSERT_EQ(test, amp_rproc_register_notifier(r, &ct_nb), 0);
	f->fail_start = -EIO;
	f->fail_start_nth = 2;
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	/* crashed at once; wait for the failed restart */
	for (i = 0; i < 500 && atomic_read(&f->n_start) < 2; i++)
		usleep_range(5000, 10000);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_CRASHED));
	KUNIT_ASSERT_EQ(test, ct_ev.n, 3);
	KUNIT_EXPECT_EQ(test, ct_ev.ev[2], AMP_RPROC_EV_POST_RECOVERY);
	KUNIT_EXPECT_EQ(test, ct_ev.data[2], (long)-EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_prepare), atomic_read(&f->n_unprepare));
	amp_rproc_unregister_notifier(r, &ct_nb);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 1);
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base);
}

static void recover_via_sysfs(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rsys", NULL);
	struct amp_rproc *r = ct_get(test, f);

	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "recover"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "disabled"), 0);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_MMUFAULT);
	ct_flush();
	KUNIT_EXPECT_EQ(test, ct_sysfs_write(f, "recovery", "recover"), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
	amp_rproc_put(r);
}

/* Backends report crashes from interrupt handlers. */
static void crash_in_atomic(struct kunit *test)
{
	static DEFINE_SPINLOCK(lock);
	struct ct_fake *f = ct_fake_up(test, "ratomic", NULL);
	struct amp_rproc *r = ct_get(test, f);
	unsigned long flags;

	spin_lock_irqsave(&lock, flags);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);	/* ignored */
	spin_unlock_irqrestore(&lock, flags);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
	amp_rproc_report_crash(NULL, AMP_RPROC_CRASH_FATAL);
	amp_rproc_put(r);
}

/* A stop between the report and the recovery wins: nothing restarts. */
static void crash_then_stop(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rstop", NULL);
	int i;

	for (i = 0; i < 20; i++) {
		KUNIT_ASSERT_EQ(test, ct_sysfs_write(f, "state", "start"), 0);
		amp_rproc_report_crash(f->rproc, AMP_RPROC_CRASH_FATAL);
		KUNIT_ASSERT_EQ(test, ct_sysfs_write(f, "state", "stop"), 0);
		KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	}
	ct_flush();
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), atomic_read(&f->n_stop));
}

static void crash_injection_debugfs(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rinj", NULL);
	struct amp_rproc *r = ct_get(test, f);
	char path[96], buf[16];

	snprintf(path, sizeof(path), "/sys/kernel/debug/amp_rproc/%s/crash", f->name);
	KUNIT_ASSERT_EQ(test, ct_write(path, "1"), 0);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "crash_count", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "1");
	amp_rproc_put(r);
}

/*
 * ct_dump_path - the "data" file of the dump devcoredump files for the
 * fakes' parent (the failing device). False when the path is not known.
 */
static bool ct_dump_path(char *path, size_t size)
{
	char *kpath = kobject_get_path(&ct_parent()->kobj, GFP_KERNEL);

	if (!kpath)
		return false;
	snprintf(path, size, "/sys%s/devcoredump/data", kpath);
	kfree(kpath);
	return true;
}

/* The dump: ELF64 core, one PT_LOAD per carveout and uncovered segment. */
static void coredump_elf(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "rdump");
	const size_t cap = 0x8000;
	struct amp_eg_rsc_spec s;
	struct amp_rproc *r;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	char path[128];
	struct file *file;
	loff_t pos = 0;
	ssize_t n, ret;
	u8 *buf;
	u32 da;
	int i, found = 0;

	buf = kunit_kzalloc(test, cap, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	f->coredump = true;
	ct_rsc_spec_plain(&s);
	ct_fake_image(f, &s);
	ct_fake_register(f);
	r = ct_get(test, f);
	da = ct_loaded32(f, f->rl.carveout, offsetof(struct amp_rsc_carveout, da));
	memset(f->carve_mem + (da - CT_CARVE_DA), 0x5c, 0x1000);
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));

	KUNIT_ASSERT_TRUE(test, ct_dump_path(path, sizeof(path)));
	file = filp_open(path, O_RDWR, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(file), "%s: %ld", path, PTR_ERR(file));
	/* devcoredump hands out at most a page per read */
	for (n = 0; n < (ssize_t)cap; n += ret) {
		ret = kernel_read(file, buf + n, cap - n, &pos);
		if (ret <= 0)
			break;
	}
	/* writing anything to "data" frees the dump */
	pos = 0;
	kernel_write(file, "1", 1, &pos);
	filp_close(file, NULL);

	KUNIT_ASSERT_GE(test, n, (ssize_t)sizeof(*eh));
	eh = (Elf64_Ehdr *)buf;
	KUNIT_EXPECT_EQ(test, memcmp(eh->e_ident, ELFMAG, SELFMAG), 0);
	KUNIT_EXPECT_EQ(test, eh->e_ident[EI_CLASS], ELFCLASS64);
	KUNIT_EXPECT_EQ(test, eh->e_type, ET_CORE);
	KUNIT_EXPECT_EQ(test, eh->e_machine, AMP_EM_ARM);
	/* the carveout, and the two segments of the load window */
	KUNIT_ASSERT_EQ(test, eh->e_phnum, 3);
	ph = (Elf64_Phdr *)(buf + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		KUNIT_EXPECT_EQ(test, ph[i].p_type, PT_LOAD);
		KUNIT_ASSERT_LE(test, ph[i].p_offset + ph[i].p_filesz, (u64)n);
		if (ph[i].p_paddr == da) {
			found++;
			KUNIT_EXPECT_EQ(test, ph[i].p_filesz, 0x1000ULL);
			KUNIT_EXPECT_NULL(test, memchr_inv(buf + ph[i].p_offset, 0x5c, 0x1000));
		}
		if (ph[i].p_paddr == CT_LOAD_DA) {
			found++;
			KUNIT_EXPECT_EQ(test, buf[ph[i].p_offset], 0x11);
		}
	}
	KUNIT_EXPECT_EQ(test, found, 2);
	amp_rproc_put(r);
}

#ifdef CONFIG_FAILSLAB
/*
 * Delete the dump pending for the fakes' parent, as userspace would, and
 * wait until it is gone; true then (or when there was none).
 */
static bool ct_dump_drop(void)
{
	char path[128], buf[4];
	int i;

	if (!ct_dump_path(path, sizeof(path)))
		return false;
	if (ct_write(path, "1") == -ENOENT)
		return true;
	for (i = 0; i < 100; i++) {
		if (ct_read(path, buf, sizeof(buf)) == -ENOENT)
			return true;
		msleep(20);
	}
	return false;
}

static int ct_amp_rproc_refcnt(void)
{
	char buf[16];
	int n;

	if (ct_read("/sys/module/amp_rproc/refcnt", buf, sizeof(buf)) ||
	    kstrtoint(buf, 10, &n))
		return -1;
	return n;
}

/* amp_rproc's module references, once they settle (-1: unreadable). */
static int ct_amp_rproc_refs(int want)
{
	int i, n = -1;

	for (i = 0; i < 50; i++) {
		n = ct_amp_rproc_refcnt();
		if (n == want)
			break;
		msleep(20);
	}
	return n;
}

#endif

/*
 * devcoredump releases a dump it fails to file twice: its free callback
 * runs twice and its owner module is put twice. Fail the 1st, 2nd, ...
 * slab allocation of a manual recovery, which collects a dump, from this
 * task (fail-nth) until one recovery runs through. Each round's processor
 * is then unregistered, which must delete a dump devcoredump kept (even one
 * it filed without its links; the test drops one left over, so that every
 * round's dump can be filed): no dump may be freed twice (a vfree() WARN,
 * KASAN) and amp_rproc's module references must come out even every time.
 * The guest lets fail-nth fail sleeping allocations (failslab's
 * ignore-gfp-wait off: scripts/run-kunit.sh).
 */
static void coredump_filing_fails(struct kunit *test)
{
#ifdef CONFIG_FAILSLAB
	int base, n, ret = 0, left = 0, failed = 0, refs = 0;
	struct amp_eg_rsc_spec s;
	struct amp_rproc *r;
	struct ct_fake *f;

	base = ct_amp_rproc_refcnt();
	KUNIT_ASSERT_GT(test, base, 0);
	ct_rsc_spec_plain(&s);
	for (n = 1; n <= 1000; n++) {
		f = ct_fake_new(test, "rdfail");
		f->coredump = true;
		ct_fake_image(f, &s);
		ct_fake_register(f);
		r = ct_get(test, f);
		KUNIT_ASSERT_EQ(test, ct_sysfs_write(f, "recovery", "disabled"), 0);
		amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
		KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_CRASHED));

		current->fail_nth = n;
		ret = ct_sysfs_write(f, "recovery", "recover");
		left = current->fail_nth;
		current->fail_nth = 0;

		failed += ret != 0;
		amp_rproc_put(r);
		ct_fake_unregister(f);
		/* none is left; if one were, the next dump would not be filed */
		KUNIT_EXPECT_TRUE(test, ct_dump_drop());
		refs = ct_amp_rproc_refs(base);
		if (refs != base || left)
			break;
	}
	kunit_info(test, "%d allocations failed in turn, %d recoveries failed\n",
		   n - 1, failed);
	KUNIT_EXPECT_EQ_MSG(test, refs, base, "after n=%d", n);
	/* the dump alone allocates more than that: injection works */
	KUNIT_EXPECT_GT(test, n, 10);
	KUNIT_EXPECT_GT(test, left, 0);
	KUNIT_EXPECT_EQ(test, ret, 0);
#else
	kunit_skip(test, "no CONFIG_FAILSLAB");
#endif
}

struct ct_stress {
	struct completion done;
	struct ct_fake *f;
	int kind;
	int iters;
	int unexpected;
};

static int ct_stress_fn(void *arg)
{
	static const char * const cmds[] = { "start", "stop" };
	static const char * const pol[] = { "enabled", "oneshot", "disabled", "recover" };
	struct ct_stress *t = arg;
	struct amp_rproc *r;
	char buf[64];
	int i, ret;

	for (i = 0; i < t->iters; i++) {
		switch (t->kind) {
		case 0:	/* the backend reports crashes */
			amp_rproc_report_crash(t->f->rproc, AMP_RPROC_CRASH_WATCHDOG);
			usleep_range(50, 200);
			break;
		case 1:	/* an administrator writes sysfs */
			ret = ct_sysfs_write(t->f, "state", cmds[i & 1]);
			if (ret && ret != -EALREADY && ret != -EBUSY)
				t->unexpected++;
			ret = ct_sysfs_write(t->f, "recovery", pol[i & 3]);
			if (ret && ret != -EINVAL)
				t->unexpected++;
			if (ct_sysfs_read(t->f, "state", buf, sizeof(buf)))
				t->unexpected++;
			break;
		default:	/* clients */
			r = amp_rproc_get(t->f->name);
			if (IS_ERR(r)) {
				t->unexpected++;
				break;
			}
			if (i & 1)
				usleep_range(10, 100);
			amp_rproc_put(r);
			break;
		}
	}
	kthread_complete_and_exit(&t->done, 0);
}

/* Crashes, sysfs writes and get/put race; everything balances at the end. */
static void stress_recovery_sysfs_put(struct kunit *test)
{
	struct ct_fake *f = ct_fake_up(test, "rstress", NULL);
	int base = module_refcount(THIS_MODULE);
	const int nthreads = 5;
	struct ct_stress *t;
	struct task_struct *task;
	int i, unexpected = 0;

	t = kunit_kcalloc(test, nthreads, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < nthreads; i++) {
		init_completion(&t[i].done);
		t[i].f = f;
		t[i].kind = i;
		t[i].iters = 300;
		task = kthread_run(ct_stress_fn, &t[i], "amp_ct_st%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < nthreads; i++) {
		wait_for_completion(&t[i].done);
		unexpected += t[i].unexpected;
	}
	KUNIT_EXPECT_EQ(test, unexpected, 0);
	/* the administrator lets go; pending recovery finds nothing to do */
	ct_sysfs_write(f, "state", "stop");
	KUNIT_EXPECT_TRUE(test, ct_wait_state(f->rproc, AMP_RPROC_OFFLINE));
	ct_flush();
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), atomic_read(&f->n_stop));
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_prepare), atomic_read(&f->n_unprepare));
	KUNIT_EXPECT_EQ(test, module_refcount(THIS_MODULE), base);
	kunit_info(test, "%d boots, %d stops\n", atomic_read(&f->n_start),
		   atomic_read(&f->n_stop));
}

static struct kunit_case amp_core_recovery_cases[] = {
	KUNIT_CASE(crash_recovers),
	KUNIT_CASE(recovery_disabled),
	KUNIT_CASE(recovery_oneshot),
	KUNIT_CASE(recovery_fails),
	KUNIT_CASE(recover_via_sysfs),
	KUNIT_CASE(crash_in_atomic),
	KUNIT_CASE(crash_then_stop),
	KUNIT_CASE(crash_injection_debugfs),
	KUNIT_CASE(coredump_elf),
	KUNIT_CASE(coredump_filing_fails),
	KUNIT_CASE(stress_recovery_sysfs_put),
	{}
};

static struct kunit_suite amp_core_recovery_suite = {
	.name = "amp_core_recovery",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_recovery_cases,
};

kunit_test_suites(&amp_core_recovery_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites amp_core_*: the amp_rproc life cycle");

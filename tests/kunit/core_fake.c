// SPDX-License-Identifier: GPL-2.0
/*
 * The fake backend of the amp_core_* suites. Its ops count their calls and
 * append "name:event" to a global log, so tests check both how often and
 * in which order (across processors) the core called them. Failures are
 * injected per fake. Firmware comes from ops->fw_fetch: an image built in
 * memory by elfgen, copied into an allocation of its exact size so KASAN
 * catches reads past its end.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "core_test.h"

static struct device *ct_parent_dev;
static LIST_HEAD(ct_fakes);
static DEFINE_SPINLOCK(ct_log_lock);
static char ct_log_buf[CT_LOG_SIZE];

struct device *ct_parent(void)
{
	return ct_parent_dev;
}

int ct_parent_init(void)
{
	/* Without an owner: the test module's sysfs directory is not there yet. */
	struct device *dev = __root_device_register("amp_core_test", NULL);

	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ct_parent_dev = dev;
	return 0;
}

void ct_parent_exit(void)
{
	if (ct_parent_dev)
		root_device_unregister(ct_parent_dev);
	ct_parent_dev = NULL;
}

void ct_log_reset(void)
{
	unsigned long flags;

	spin_lock_irqsave(&ct_log_lock, flags);
	ct_log_buf[0] = 0;
	spin_unlock_irqrestore(&ct_log_lock, flags);
}

const char *ct_log(void)
{
	size_t n = strlen(ct_log_buf);

	/* Drop the trailing blank so tests compare plain lists. */
	if (n && ct_log_buf[n - 1] == ' ')
		ct_log_buf[n - 1] = 0;
	return ct_log_buf;
}

void ct_log_add(const char *name, const char *ev)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&ct_log_lock, flags);
	n = strlen(ct_log_buf);
	if (n && ct_log_buf[n - 1] != ' ' && n + 1 < CT_LOG_SIZE)
		ct_log_buf[n++] = ' ';
	snprintf(ct_log_buf + n, CT_LOG_SIZE - n, "%s:%s ", name, ev);
	spin_unlock_irqrestore(&ct_log_lock, flags);
}

static struct ct_fake *F(struct amp_rproc *rproc)
{
	return *(struct ct_fake **)amp_rproc_priv(rproc);
}

static int ct_prepare(struct amp_rproc *rproc)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_prepare);
	ct_log_add(f->name, f->fail_prepare ? "prepare-fail" : "prepare");
	return f->fail_prepare;
}

static void ct_unprepare(struct amp_rproc *rproc)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_unprepare);
	ct_log_add(f->name, "unprepare");
}

static int ct_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct ct_fake *f = F(rproc);
	int n = atomic_inc_return(&f->n_start);

	f->boot_addr = boot_addr;
	if (f->fail_start && (!f->fail_start_nth || f->fail_start_nth == n)) {
		ct_log_add(f->name, "start-fail");
		return f->fail_start;
	}
	ct_log_add(f->name, "start");
	return 0;
}

static int ct_stop(struct amp_rproc *rproc)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_stop);
	ct_log_add(f->name, "stop");
	return 0;
}

static void ct_kick(struct amp_rproc *rproc, int vqid)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_kick);
	WRITE_ONCE(f->last_kick, vqid);
}

static int ct_attach(struct amp_rproc *rproc)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_attach);
	ct_log_add(f->name, f->fail_attach ? "attach-fail" : "attach");
	return f->fail_attach;
}

static int ct_detach(struct amp_rproc *rproc)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_detach);
	ct_log_add(f->name, "detach");
	return 0;
}

static int ct_authenticate(struct amp_rproc *rproc,
			   const struct amp_rproc_auth *auth)
{
	struct ct_fake *f = F(rproc);
	const u8 *m = auth->meta;

	atomic_inc(&f->n_auth);
	f->auth_len = auth->meta_len;
	f->auth_hash = auth->hash_index;
	f->auth_magic_ok = auth->meta_len >= 4 && m[0] == 0x7f && m[1] == 'E' &&
			   m[2] == 'L' && m[3] == 'F';
	ct_log_add(f->name, "auth");
	return f->fail_auth;
}

static int ct_auth_and_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_auth_start);
	f->boot_addr = boot_addr;
	ct_log_add(f->name, "auth_and_start");
	return 0;
}

static int ct_handle_rsc(struct amp_rproc *rproc, u32 type, void *rsc,
			 size_t avail)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_vendor);
	f->vendor_type = type;
	f->vendor_avail = avail;
	f->vendor_byte = *(u8 *)rsc;
	return f->vendor_ret;
}

static int ct_iommu_map(struct amp_rproc *rproc, u64 da, phys_addr_t pa,
			size_t len, int prot)
{
	struct ct_fake *f = F(rproc);

	atomic_inc(&f->n_map);
	f->map_da = da;
	f->map_pa = pa;
	return 0;
}

static void ct_iommu_unmap(struct amp_rproc *rproc, u64 da, size_t len)
{
	atomic_inc(&F(rproc)->n_unmap);
}

static int ct_fw_fetch(struct amp_rproc *rproc, const char *name,
		       const void **data, size_t *size)
{
	struct ct_fake *f = F(rproc);

	if (f->fail_fetch)
		return f->fail_fetch;
	if (!f->fw)
		return -ENOENT;
	atomic_inc(&f->n_fetch);
	*data = f->fw;
	*size = f->fw_size;
	return 0;
}

static void ct_fw_release(struct amp_rproc *rproc, const void *data)
{
	atomic_inc(&F(rproc)->n_release);
}

static const struct amp_rproc_ops ct_ops = {
	.prepare = ct_prepare,
	.unprepare = ct_unprepare,
	.start = ct_start,
	.stop = ct_stop,
	.kick = ct_kick,
	.attach = ct_attach,
	.detach = ct_detach,
	.handle_rsc = ct_handle_rsc,
	.fw_fetch = ct_fw_fetch,
	.fw_release = ct_fw_release,
};

/* Optional ops a test switches on: authentication and an IOMMU. */
const struct amp_rproc_ops ct_ops_extra = {
	.authenticate = ct_authenticate,
	.auth_and_start = ct_auth_and_start,
	.iommu_map = ct_iommu_map,
	.iommu_unmap = ct_iommu_unmap,
};

/* A fake with default ops, windows and a plain image; not yet allocated. */
struct ct_fake *ct_fake_new(struct kunit *test, const char *name)
{
	struct ct_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	strscpy(f->name, name, sizeof(f->name));
	f->ops = ct_ops;
	f->load_mem = kunit_kzalloc(test, CT_LOAD_SIZE, GFP_KERNEL);
	f->carve_mem = kunit_kzalloc(test, CT_CARVE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->load_mem);
	KUNIT_ASSERT_NOT_NULL(test, f->carve_mem);
	f->win[0] = (struct amp_rproc_window){
		.name = "load", .da = CT_LOAD_DA, .size = CT_LOAD_SIZE,
		.pa = 0x50000000, .va = f->load_mem, .flags = AMP_RPROC_WIN_LOAD,
	};
	f->win[1] = (struct amp_rproc_window){
		.name = "carve", .da = CT_CARVE_DA, .size = CT_CARVE_SIZE,
		.pa = CT_CARVE_PA, .va = f->carve_mem,
		.flags = AMP_RPROC_WIN_CARVEOUT,
	};
	f->win[2] = (struct amp_rproc_window){
		.name = "regs", .da = CT_DEV_DA, .size = CT_DEV_SIZE,
		.pa = CT_DEV_PA, .flags = AMP_RPROC_WIN_DEVMEM,
	};
	f->machines[0] = AMP_EM_ARM;
	f->cfg = (struct amp_rproc_config){
		.name = f->name,
		.firmware = "amp-core-test.elf",
		.ops = &f->ops,
		.machines = f->machines,
		.nr_machines = 1,
		.target = "amp,test",
		.windows = f->win,
		.nr_windows = ARRAY_SIZE(f->win),
		.priv_size = sizeof(struct ct_fake *),
	};
	INIT_LIST_HEAD(&f->node);
	ct_fake_image(f, NULL);
	return f;
}

/* A table with a carveout and a trace buffer but no vdev. */
void ct_rsc_spec_plain(struct amp_eg_rsc_spec *s)
{
	amp_eg_rsc_std_spec(s);
	s->nr_vrings = 0;
}

void ct_fake_image_desc(struct ct_fake *f, struct amp_eg_desc *d,
			const struct amp_eg_rsc_spec *spec)
{
	struct kunit *test = f->test;
	struct amp_eg_layout lay;
	u8 *scratch, *table = NULL;

	scratch = kunit_kzalloc(test, 0x4000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	memset(&f->rl, 0, sizeof(f->rl));
	if (spec) {
		table = kunit_kzalloc(test, 0x300, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, table);
		KUNIT_ASSERT_EQ(test, amp_eg_rsc_build(spec, table, 0x300, &f->rl), 0);
		d->rsc = table;
		d->rsc_size = f->rl.size;
		d->rsc_seg = 0;
		d->rsc_seg_off = CT_RSC_OFF;
	}
	KUNIT_ASSERT_EQ(test, amp_eg_build(d, scratch, 0x4000, &lay), 0);
	f->fw = kunit_kmalloc(test, lay.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->fw);
	memcpy(f->fw, scratch, lay.size);
	f->fw_size = lay.size;
	f->rsc_file_off = lay.rsc_off;
}

/* Change a field of the table in the firmware file before the boot. */
void ct_fw_patch32(struct ct_fake *f, size_t entry, size_t field, u32 val)
{
	amp_eg_put(f->fw + f->rsc_file_off + entry + 4 + field, 4, val, false);
}

/* The default two-segment ELF32 image, with the table of @spec if any. */
void ct_fake_image(struct ct_fake *f, const struct amp_eg_rsc_spec *spec)
{
	struct amp_eg_desc d;

	amp_eg_default(&d, AMP_ELFCLASS32, false);
	ct_fake_image_desc(f, &d, spec);
}

void ct_fake_alloc(struct ct_fake *f)
{
	struct kunit *test = f->test;

	f->rproc = amp_rproc_alloc(ct_parent(), &f->cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f->rproc);
	*(struct ct_fake **)amp_rproc_priv(f->rproc) = f;
	list_add(&f->node, &ct_fakes);
}

void ct_fake_register(struct ct_fake *f)
{
	if (!f->rproc)
		ct_fake_alloc(f);
	KUNIT_ASSERT_EQ(f->test, amp_rproc_register(f->rproc), 0);
	/* Dumps linger in devcoredump: only the coredump test takes one. */
	if (!f->coredump)
		KUNIT_ASSERT_EQ(f->test, ct_sysfs_write(f, "coredump", "disabled"), 0);
}

struct ct_fake *ct_fake_up(struct kunit *test, const char *name,
			   const struct amp_eg_rsc_spec *spec)
{
	struct ct_fake *f = ct_fake_new(test, name);

	if (spec)
		ct_fake_image(f, spec);
	ct_fake_register(f);
	return f;
}

void ct_fake_unregister(struct ct_fake *f)
{
	if (!f->rproc)
		return;
	amp_rproc_unregister(f->rproc);
	amp_rproc_free(f->rproc);
	f->rproc = NULL;
	list_del_init(&f->node);
}

/* The test's exit: unregister what is left, newest first. */
void ct_cleanup(struct kunit *test)
{
	struct ct_fake *f, *tmp;

	list_for_each_entry_safe(f, tmp, &ct_fakes, node)
		ct_fake_unregister(f);
	ct_flush();
}

/* A field of the loaded table copy (entry offset from the rsc layout). */
u32 ct_loaded32(struct ct_fake *f, size_t entry, size_t field)
{
	const u8 *p = f->load_mem + CT_RSC_OFF + entry + 4 + field;

	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

int ct_write(const char *path, const char *val)
{
	struct file *file = filp_open(path, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(file))
		return PTR_ERR(file);
	ret = kernel_write(file, val, strlen(val), &pos);
	filp_close(file, NULL);
	return ret < 0 ? (int)ret : 0;
}

int ct_read(const char *path, char *buf, size_t len)
{
	struct file *file = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t ret;

	if (IS_ERR(file))
		return PTR_ERR(file);
	ret = kernel_read(file, buf, len - 1, &pos);
	filp_close(file, NULL);
	if (ret < 0)
		return (int)ret;
	buf[ret] = 0;
	if (ret && buf[ret - 1] == '\n')
		buf[ret - 1] = 0;
	return 0;
}

int ct_sysfs_write(struct ct_fake *f, const char *attr, const char *val)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/amp_rproc/%s/%s", f->name, attr);
	return ct_write(path, val);
}

int ct_sysfs_read(struct ct_fake *f, const char *attr, char *buf, size_t len)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/class/amp_rproc/%s/%s", f->name, attr);
	return ct_read(path, buf, len);
}

/* /dev/amp_rprocN of a fake, found through its class device. */
int ct_dev_path(struct ct_fake *f, char *buf, size_t len)
{
	struct device *d = amp_rproc_dev(f->rproc);
	struct device *child = device_find_any_child(d);

	if (!child)
		return -ENOENT;
	snprintf(buf, len, "/dev/%s", dev_name(child));
	put_device(child);
	return 0;
}

/* Let queued recovery finish. */
void ct_flush(void)
{
	msleep(20);
}

bool ct_wait_state(struct amp_rproc *rproc, enum amp_rproc_state st)
{
	unsigned long end = jiffies + 5 * HZ;

	while (amp_rproc_state(rproc) != st) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(5000, 10000);
	}
	return true;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites "amp_core_rsc" (carveouts, devmem, trace buffers, vendor
 * entries, write-back into the loaded table, debugfs) and "amp_core_vdev"
 * (the hand-off to a vdev transport, registered here as a fake).
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/interrupt.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core_test.h"

#define CARVE_DA	offsetof(struct amp_rsc_carveout, da)
#define CARVE_PA	offsetof(struct amp_rsc_carveout, pa)
#define DEVMEM_DA	offsetof(struct amp_rsc_devmem, da)
#define DEVMEM_PA	offsetof(struct amp_rsc_devmem, pa)
#define VRING(i, f)	(sizeof(struct amp_rsc_vdev) + \
			 (i) * sizeof(struct amp_rsc_vdev_vring) + \
			 offsetof(struct amp_rsc_vdev_vring, f))

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

/* An any-address carveout is placed in the window, zeroed, written back. */
static void rsc_carveout_any(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;
	u32 da, pa;

	ct_rsc_spec_plain(&s);
	f = ct_fake_up(test, "cv-any", &s);
	memset(f->carve_mem, 0xee, CT_CARVE_SIZE);
	r = ct_get(test, f);
	da = ct_loaded32(f, f->rl.carveout, CARVE_DA);
	pa = ct_loaded32(f, f->rl.carveout, CARVE_PA);
	KUNIT_EXPECT_GE(test, (u64)da, CT_CARVE_DA);
	KUNIT_EXPECT_LE(test, (u64)da + 0x1000, CT_CARVE_DA + CT_CARVE_SIZE);
	KUNIT_EXPECT_EQ(test, da & 0xfff, 0U);
	KUNIT_EXPECT_EQ(test, (u64)pa, CT_CARVE_PA + (da - CT_CARVE_DA));
	KUNIT_EXPECT_NULL(test, memchr_inv(f->carve_mem + (da - CT_CARVE_DA), 0, 0x1000));
	/* the file copy keeps the firmware's values */
	KUNIT_EXPECT_EQ(test, amp_eg_load(f->fw + f->rsc_file_off + f->rl.carveout + 4 +
					  CARVE_DA, 4, false), (u64)AMP_RSC_ADDR_ANY);
	amp_rproc_put(r);
}

static void rsc_carveout_fixed(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_rsc_spec_plain(&s);
	s.carveout_da = CT_CARVE_DA + 0x8000;
	f = ct_fake_up(test, "cv-fix", &s);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.carveout, CARVE_DA), CT_CARVE_DA + 0x8000);
	KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.carveout, CARVE_PA), CT_CARVE_PA + 0x8000);
	amp_rproc_put(r);
}

static void rsc_carveout_refused(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;

	ct_rsc_spec_plain(&s);
	s.carveout_da = 0x30000000;	/* in no carveout window */
	f = ct_fake_up(test, "cv-out", &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("cv-out")), -ERANGE);
	ct_rsc_spec_plain(&s);
	s.carveout_len = CT_CARVE_SIZE + 0x1000;
	ct_fake_image(f, &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("cv-out")), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(f->rproc), AMP_RPROC_OFFLINE);
}

/* Each stop frees the carveout: a window-sized one fits every boot. */
static void rsc_carveout_released(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;
	int i;

	ct_rsc_spec_plain(&s);
	s.carveout_len = CT_CARVE_SIZE;
	f = ct_fake_up(test, "cv-rel", &s);
	for (i = 0; i < 5; i++) {
		r = ct_get(test, f);
		KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.carveout, CARVE_DA), CT_CARVE_DA);
		amp_rproc_put(r);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 5);
}

/* Segments may be loaded into a carveout the table asks for. */
static void rsc_segment_in_carveout(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "cv-seg");
	struct amp_eg_rsc_spec s;
	struct amp_eg_desc d;
	struct amp_rproc *r;

	ct_rsc_spec_plain(&s);
	s.carveout_da = CT_CARVE_DA;
	s.carveout_len = 0x4000;
	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.segs[1].da = CT_CARVE_DA + 0x1000;
	ct_fake_image_desc(f, &d, &s);
	ct_fake_register(f);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, f->carve_mem[0x1000], 0x22);
	KUNIT_EXPECT_EQ(test, f->carve_mem[0x10ff], 0x22);
	KUNIT_EXPECT_EQ(test, f->carve_mem[0x1100], 0);
	amp_rproc_put(r);

	/* without the carveout the same segment has nowhere to go */
	s.carveout_da = CT_CARVE_DA + 0x8000;
	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.segs[1].da = CT_CARVE_DA + 0x1000;
	ct_fake_image_desc(f, &d, &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("cv-seg")), -EINVAL);
}

static void rsc_devmem_inside(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_rsc_spec_plain(&s);
	s.devmem = true;
	s.devmem_da = CT_DEV_DA + 0x2000;
	f = ct_fake_up(test, "dm-in", &s);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.devmem, DEVMEM_PA), CT_DEV_PA + 0x2000);
	KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.devmem, DEVMEM_DA), CT_DEV_DA + 0x2000);
	amp_rproc_put(r);
}

/* DEVMEM outside the declared windows is refused: the remote maps nothing else. */
static void rsc_devmem_refused(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;

	ct_rsc_spec_plain(&s);
	s.devmem = true;
	s.devmem_da = 0x48000000;
	f = ct_fake_up(test, "dm-out", &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("dm-out")), -EPERM);

	/* straddling the end of the window */
	s.devmem_da = CT_DEV_DA + CT_DEV_SIZE - 0x800;
	ct_fake_image(f, &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("dm-out")), -EPERM);

	/* a physical address the firmware picked outside every window */
	s.devmem_da = CT_DEV_DA;
	ct_fake_image(f, &s);
	ct_fw_patch32(f, f->rl.devmem, DEVMEM_PA, 0x90000000);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("dm-out")), -EPERM);

	/* inside the window's physical range, but at another device address */
	ct_fw_patch32(f, f->rl.devmem, DEVMEM_PA, CT_DEV_PA + 0x1000);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("dm-out")), -EPERM);

	/* a carveout window is not a DEVMEM window */
	ct_fw_patch32(f, f->rl.devmem, DEVMEM_PA, CT_CARVE_PA);
	ct_fw_patch32(f, f->rl.devmem, DEVMEM_DA, CT_CARVE_DA);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("dm-out")), -EPERM);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 0);
}

/* With an IOMMU, carveouts and devmem are mapped and unmapped again. */
static void rsc_iommu(struct kunit *test)
{
	struct ct_fake *f = ct_fake_new(test, "iommu");
	struct amp_eg_rsc_spec s;
	struct amp_rproc *r;

	f->ops.iommu_map = ct_ops_extra.iommu_map;
	f->ops.iommu_unmap = ct_ops_extra.iommu_unmap;
	ct_rsc_spec_plain(&s);
	s.devmem = true;
	s.devmem_da = 0x70000000;	/* remapped by the IOMMU */
	ct_fake_image(f, &s);
	ct_fw_patch32(f, f->rl.devmem, DEVMEM_PA, CT_DEV_PA + 0x1000);
	ct_fake_register(f);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_map), 2);
	KUNIT_EXPECT_EQ(test, f->map_da, 0x70000000ULL);
	KUNIT_EXPECT_EQ(test, f->map_pa, CT_DEV_PA + 0x1000);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_unmap), 2);
}

static void rsc_trace_debugfs(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;
	char path[96], *buf;

	buf = kunit_kzalloc(test, 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	ct_rsc_spec_plain(&s);
	f = ct_fake_up(test, "trace", &s);
	r = ct_get(test, f);
	snprintf(path, sizeof(path), "/sys/kernel/debug/amp_rproc/%s/trace0", f->name);
	strscpy(f->load_mem + 0x3000, "hello from the remote\n", 64);
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 1024), 0);
	KUNIT_EXPECT_STREQ(test, buf, "hello from the remote");
	/* a buffer without a NUL is cut at its length */
	memset(f->load_mem + 0x3000, 'x', 0x400);
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 1024), 0);
	KUNIT_EXPECT_EQ(test, strlen(buf), (size_t)0x3ff);	/* ct_read reads 1023 bytes */
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_read(path, buf, 1024), -ENOENT);
}

static void rsc_debugfs_decoded(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;
	char path[96], *buf;

	buf = kunit_kzalloc(test, 2048, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	ct_rsc_spec_plain(&s);
	s.carveout_da = CT_CARVE_DA;
	f = ct_fake_up(test, "dbg", &s);
	snprintf(path, sizeof(path), "/sys/kernel/debug/amp_rproc/%s/resource_table", f->name);
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 2048), 0);
	KUNIT_EXPECT_STREQ(test, buf, "no resource table loaded");
	r = ct_get(test, f);
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 2048), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "version 1, 2 entries"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "name carveout da 0x20000000 pa 0x60000000 len 0x1000"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "name trace da 0x10003000 len 0x400"));
	/* the remote breaks its copy: shown as invalid, not decoded */
	f->load_mem[CT_RSC_OFF] = 2;
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 2048), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "loaded table invalid"));
	snprintf(path, sizeof(path), "/sys/kernel/debug/amp_rproc/%s/carveouts", f->name);
	KUNIT_ASSERT_EQ(test, ct_read(path, buf, 2048), 0);
	KUNIT_EXPECT_STREQ(test, buf, "carveout carveout: da 0x20000000 pa 0x0000000060000000 len 0x1000");
	amp_rproc_put(r);
}

static void rsc_vendor(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_rsc_spec_plain(&s);
	s.vendor_type = 200;
	f = ct_fake_up(test, "vendor", &s);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_vendor), 1);
	KUNIT_EXPECT_EQ(test, f->vendor_type, 200U);
	KUNIT_EXPECT_EQ(test, f->vendor_avail, (size_t)8);
	KUNIT_EXPECT_EQ(test, f->vendor_byte, 0x5a);
	amp_rproc_put(r);
	f->vendor_ret = -EOPNOTSUPP;
	r = ct_get(test, f);
	amp_rproc_put(r);
	f->vendor_ret = -EINVAL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("vendor")), -EINVAL);
	f->ops.handle_rsc = NULL;
	r = ct_get(test, f);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_vendor), 3);
}

/* A table the parser rejects refuses the image before anything is loaded. */
static void rsc_bad_table(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;

	ct_rsc_spec_plain(&s);
	f = ct_fake_up(test, "badtbl", &s);
	ct_fw_patch32(f, f->rl.trace, offsetof(struct amp_rsc_trace, len), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("badtbl")), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->load_mem[0], 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 0);
}

static struct kunit_case amp_core_rsc_cases[] = {
	KUNIT_CASE(rsc_carveout_any),
	KUNIT_CASE(rsc_carveout_fixed),
	KUNIT_CASE(rsc_carveout_refused),
	KUNIT_CASE(rsc_carveout_released),
	KUNIT_CASE(rsc_segment_in_carveout),
	KUNIT_CASE(rsc_devmem_inside),
	KUNIT_CASE(rsc_devmem_refused),
	KUNIT_CASE(rsc_iommu),
	KUNIT_CASE(rsc_trace_debugfs),
	KUNIT_CASE(rsc_debugfs_decoded),
	KUNIT_CASE(rsc_vendor),
	KUNIT_CASE(rsc_bad_table),
	{}
};

static struct kunit_suite amp_core_rsc_suite = {
	.name = "amp_core_rsc",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_cleanup,
	.test_cases = amp_core_rsc_cases,
};

/* The fake vdev transport. */
static struct {
	int added;
	int removed;
	int irqs;
	int add_ret;
	int add_fails;
	unsigned int last_vring;
	struct amp_rproc_vdev *vdev;
	bool registered;
} ct_tr;

static int ct_tr_add(struct amp_rproc_vdev *vdev)
{
	int ret = ct_tr.add_ret;

	if (!ret && ct_tr.add_fails > 0) {
		ct_tr.add_fails--;
		ret = -ENOMEM;
	}
	ct_log_add("t", ret ? "add-fail" : "add");
	if (ret)
		return ret;
	ct_tr.added++;
	ct_tr.vdev = vdev;
	vdev->transport_priv = &ct_tr;
	return 0;
}

static void ct_tr_remove(struct amp_rproc_vdev *vdev)
{
	ct_log_add("t", "remove");
	ct_tr.removed++;
	ct_tr.vdev = NULL;
}

static void ct_tr_vring_interrupt(struct amp_rproc_vdev *vdev, unsigned int vring)
{
	ct_tr.irqs++;
	ct_tr.last_vring = vring;
}

static const struct amp_rproc_vdev_transport ct_transport = {
	.owner = THIS_MODULE,
	.add = ct_tr_add,
	.remove = ct_tr_remove,
	.vring_interrupt = ct_tr_vring_interrupt,
};

static void ct_tr_register(struct kunit *test)
{
	int ret;

	memset(&ct_tr, 0, sizeof(ct_tr));
	ret = amp_rproc_vdev_register_transport(&ct_transport);
	if (ret == -EBUSY)
		kunit_skip(test, "another vdev transport is registered");
	KUNIT_ASSERT_EQ(test, ret, 0);
	ct_tr.registered = true;
}

static void ct_vdev_exit(struct kunit *test)
{
	ct_cleanup(test);
	if (ct_tr.registered)
		amp_rproc_vdev_unregister_transport(&ct_transport);
	ct_tr.registered = false;
}

static void vdev_handoff(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct amp_rproc_vdev *v;
	struct ct_fake *f;
	struct amp_rproc *r;
	unsigned int i;

	ct_tr_register(test);
	amp_eg_rsc_std_spec(&s);
	f = ct_fake_up(test, "vd", &s);
	memset(f->carve_mem, 0xee, CT_CARVE_SIZE);
	r = ct_get(test, f);
	KUNIT_ASSERT_EQ(test, ct_tr.added, 1);
	v = ct_tr.vdev;
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_PTR_EQ(test, v->rproc, r);
	KUNIT_EXPECT_EQ(test, v->index, 0U);
	KUNIT_EXPECT_EQ(test, v->id, 7U);
	KUNIT_EXPECT_EQ(test, v->num_vrings, 2U);
	KUNIT_EXPECT_PTR_EQ(test, (void *)v->rsc,
			    (void *)(f->load_mem + CT_RSC_OFF + f->rl.vdev + 4));
	KUNIT_EXPECT_EQ(test, v->rsc_len, (size_t)(24 + 2 * 20));
	KUNIT_EXPECT_NULL(test, v->config);
	KUNIT_EXPECT_PTR_EQ(test, amp_rproc_vdev_parent(v), amp_rproc_dev(r));
	for (i = 0; i < 2; i++) {
		struct amp_rproc_vring *vr = &v->vring[i];

		KUNIT_EXPECT_EQ(test, vr->notifyid, i);
		KUNIT_EXPECT_EQ(test, vr->num, 256U);
		KUNIT_EXPECT_EQ(test, vr->align, 0x1000U);
		KUNIT_EXPECT_GE(test, vr->size, (size_t)(16 * 256 + 6 + 2 * 256 + 6 + 8 * 256));
		KUNIT_EXPECT_GE(test, vr->da, CT_CARVE_DA);
		KUNIT_EXPECT_EQ(test, vr->da & 0xfff, 0ULL);
		KUNIT_EXPECT_EQ(test, (u64)vr->pa, CT_CARVE_PA + (vr->da - CT_CARVE_DA));
		KUNIT_EXPECT_PTR_EQ(test, vr->va, (void *)(f->carve_mem + (vr->da - CT_CARVE_DA)));
		KUNIT_EXPECT_NULL(test, memchr_inv(vr->va, 0, vr->size));
		/* written back where the remote reads them */
		KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.vdev, VRING(i, da)), vr->da);
		KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.vdev, VRING(i, pa)), (u64)vr->pa);
		KUNIT_EXPECT_EQ(test, ct_loaded32(f, f->rl.vdev, VRING(i, notifyid)), i);
	}
	KUNIT_EXPECT_NE(test, v->vring[0].da, v->vring[1].da);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
	KUNIT_EXPECT_STREQ(test, ct_log(),
			   "vd:prepare vd:start t:add t:remove vd:stop vd:unprepare");
}

static void vdev_interrupt_kick(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct amp_rproc_vdev *v;
	unsigned long flags;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_tr_register(test);
	amp_eg_rsc_std_spec(&s);
	f = ct_fake_up(test, "vq", &s);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(f->rproc, 0), IRQ_NONE);
	r = ct_get(test, f);
	v = ct_tr.vdev;
	KUNIT_ASSERT_NOT_NULL(test, v);
	local_irq_save(flags);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 1), IRQ_HANDLED);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, ct_tr.irqs, 1);
	KUNIT_EXPECT_EQ(test, ct_tr.last_vring, 1U);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 0), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, ct_tr.last_vring, 0U);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 2), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, -1), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, ct_tr.irqs, 2);
	amp_rproc_vdev_kick(v, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_kick), 1);
	KUNIT_EXPECT_EQ(test, f->last_kick, 1);
	amp_rproc_vdev_kick(v, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_kick), 1);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(f->rproc, 1), IRQ_NONE);
}

static void vdev_shm(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct amp_rproc_vdev *v;
	struct ct_fake *f;
	struct amp_rproc *r;
	phys_addr_t pa, pa2;
	u64 da, da2;
	void *va, *va2;

	ct_tr_register(test);
	amp_eg_rsc_std_spec(&s);
	f = ct_fake_up(test, "shm", &s);
	memset(f->carve_mem, 0xee, CT_CARVE_SIZE);
	r = ct_get(test, f);
	v = ct_tr.vdev;
	KUNIT_ASSERT_NOT_NULL(test, v);
	va = amp_rproc_vdev_shm_alloc(v, 5000, &da, &pa);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, da & 0xfff, 0ULL);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(f->carve_mem + (da - CT_CARVE_DA)));
	KUNIT_EXPECT_EQ(test, (u64)pa, CT_CARVE_PA + (da - CT_CARVE_DA));
	KUNIT_EXPECT_NULL(test, memchr_inv(va, 0, 8192));
	KUNIT_EXPECT_NULL(test, amp_rproc_vdev_shm_alloc(v, CT_CARVE_SIZE, &da2, &pa2));
	amp_rproc_vdev_shm_free(v, va, 5000);
	va2 = amp_rproc_vdev_shm_alloc(v, 4096, &da2, &pa2);
	KUNIT_EXPECT_EQ(test, da2, da);
	amp_rproc_vdev_shm_free(v, va2, 4096);
	amp_rproc_put(r);
}

/*
 * Boot processor @name (the standard table) while no vdev transport is
 * registered; skips if a real one is.
 */
static struct amp_rproc *ct_get_untransported(struct kunit *test,
					      const char *name,
					      struct ct_fake **fp)
{
	struct amp_eg_rsc_spec s;

	ct_tr_register(test);
	amp_rproc_vdev_unregister_transport(&ct_transport);
	ct_tr.registered = false;

	amp_eg_rsc_std_spec(&s);
	*fp = ct_fake_up(test, name, &s);
	memset(&ct_tr, 0, sizeof(ct_tr));
	return ct_get(test, *fp);
}

static void vdev_transport_late(struct kunit *test)
{
	struct ct_fake *f;
	struct amp_rproc *r;

	r = ct_get_untransported(test, "late", &f);
	KUNIT_EXPECT_EQ(test, ct_tr.added, 0);
	ct_tr_register(test);
	KUNIT_EXPECT_EQ(test, ct_tr.added, 1);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 0), IRQ_HANDLED);
	amp_rproc_vdev_unregister_transport(&ct_transport);
	ct_tr.registered = false;
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 0), IRQ_NONE);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
}

/*
 * A transport registered late refuses a running processor's vdev (out of
 * memory, found by make faultinject): nobody waits for that error, so the
 * processor is reported crashed and its recovery hands the vdev over again.
 */
static void vdev_transport_late_fails(struct kunit *test)
{
	struct ct_fake *f;
	struct amp_rproc *r;
	char buf[16];

	r = ct_get_untransported(test, "lfail", &f);
	ct_log_reset();
	ct_tr.add_fails = 1;
	KUNIT_ASSERT_EQ(test, amp_rproc_vdev_register_transport(&ct_transport), 0);
	ct_tr.registered = true;
	/*
	 * The crash is counted before the registration returns; its recovery
	 * runs on a workqueue and may already be done, so the state proves
	 * nothing here.
	 */
	KUNIT_ASSERT_EQ(test, ct_sysfs_read(f, "crash_count", buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "1");
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_STREQ(test, ct_log(),
			   "t:add-fail lfail:stop lfail:unprepare lfail:prepare lfail:start t:add");
	KUNIT_EXPECT_EQ(test, ct_tr.added, 1);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 0), IRQ_HANDLED);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 2);
}

static void vdev_transport_rules(struct kunit *test)
{
	struct amp_rproc_vdev_transport bad = ct_transport;

	ct_tr_register(test);
	KUNIT_EXPECT_EQ(test, amp_rproc_vdev_register_transport(&ct_transport), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_rproc_vdev_register_transport(NULL), -EINVAL);
	bad.remove = NULL;
	KUNIT_EXPECT_EQ(test, amp_rproc_vdev_register_transport(&bad), -EINVAL);
	/* unregistering one that is not registered changes nothing */
	amp_rproc_vdev_unregister_transport(&bad);
	KUNIT_EXPECT_EQ(test, amp_rproc_vdev_register_transport(&ct_transport), -EBUSY);
}

/*
 * A vdev the transport refuses (out of memory, found by make faultinject):
 * the boot fails with its error and the processor is powered down again;
 * the next boot, with the transport willing, works.
 */
static void vdev_add_fails(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_tr_register(test);
	ct_tr.add_ret = -ENOMEM;
	amp_eg_rsc_std_spec(&s);
	f = ct_fake_up(test, "vfail", &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("vfail")), -ENOMEM);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_stop), 1);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 0);
	ct_tr.add_ret = 0;
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(r), AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, ct_tr.added, 1);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
}

static void vdev_limits(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_tr_register(test);
	amp_eg_rsc_std_spec(&s);
	s.nr_vrings = 3;
	f = ct_fake_up(test, "vlim", &s);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("vlim")), -EINVAL);
	/* a vring at a fixed device address */
	amp_eg_rsc_std_spec(&s);
	ct_fake_image(f, &s);
	ct_fw_patch32(f, f->rl.vdev, VRING(1, da), CT_CARVE_DA + 0x10000);
	r = ct_get(test, f);
	KUNIT_EXPECT_EQ(test, (u64)ct_loaded32(f, f->rl.vdev, VRING(1, da)), CT_CARVE_DA + 0x10000);
	KUNIT_EXPECT_EQ(test, ct_tr.vdev->vring[1].da, CT_CARVE_DA + 0x10000);
	amp_rproc_put(r);
	/* one outside the windows */
	ct_fw_patch32(f, f->rl.vdev, VRING(1, da), 0x30000000);
	KUNIT_EXPECT_EQ(test, PTR_ERR(amp_rproc_get("vlim")), -ERANGE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->n_start), 1);
}

/* Recovery removes the vdevs before the stop and adds fresh ones after. */
static void vdev_recovery(struct kunit *test)
{
	struct amp_eg_rsc_spec s;
	struct ct_fake *f;
	struct amp_rproc *r;

	ct_tr_register(test);
	amp_eg_rsc_std_spec(&s);
	f = ct_fake_up(test, "vrec", &s);
	r = ct_get(test, f);
	ct_log_reset();
	amp_rproc_report_crash(r, AMP_RPROC_CRASH_FATAL);
	KUNIT_ASSERT_TRUE(test, ct_wait_state(r, AMP_RPROC_RUNNING));
	KUNIT_EXPECT_STREQ(test, ct_log(),
			   "t:remove vrec:stop vrec:unprepare vrec:prepare vrec:start t:add");
	KUNIT_EXPECT_EQ(test, ct_tr.added, 2);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 1);
	KUNIT_EXPECT_EQ(test, ct_loaded32(f, f->rl.vdev, VRING(1, notifyid)), 1U);
	KUNIT_EXPECT_EQ(test, amp_rproc_vq_interrupt(r, 1), IRQ_HANDLED);
	amp_rproc_put(r);
	KUNIT_EXPECT_EQ(test, ct_tr.removed, 2);
}

static struct kunit_case amp_core_vdev_cases[] = {
	KUNIT_CASE(vdev_handoff),
	KUNIT_CASE(vdev_interrupt_kick),
	KUNIT_CASE(vdev_shm),
	KUNIT_CASE(vdev_transport_late),
	KUNIT_CASE(vdev_transport_late_fails),
	KUNIT_CASE(vdev_transport_rules),
	KUNIT_CASE(vdev_add_fails),
	KUNIT_CASE(vdev_limits),
	KUNIT_CASE(vdev_recovery),
	{}
};

static struct kunit_suite amp_core_vdev_suite = {
	.name = "amp_core_vdev",
	.suite_init = ct_suite_init,
	.suite_exit = ct_suite_exit,
	.init = ct_case_init,
	.exit = ct_vdev_exit,
	.test_cases = amp_core_vdev_cases,
};

kunit_test_suites(&amp_core_rsc_suite, &amp_core_vdev_suite);

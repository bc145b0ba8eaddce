// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_msm (probe and load; amp_msm_run, in msm_run_test.c,
 * runs the processor): the Qualcomm PAS backend's body, built into this
 * module, against fakes: an authenticator standing in for the secure world,
 * firmware files held in memory, the processor's signals as interrupt lines
 * (with line levels as state bits), a stop-request register over plain
 * memory and plain memory for the load region and the crash reason. Images
 * come from tests/common/elfgen.
 *
 * Expected sequences and their sources:
 * - Qualcomm PAS (mainline qcom_mdt_loader and qcom_q6v5_pas): the metadata
 *   (ELF header and program headers, then the hash segment, which is the
 *   program header with p_flags bits 24..26 == 2) goes to init_image before
 *   any segment is loaded; a relocatable image (p_flags bit 27) is announced
 *   with mem_setup(relocation base, image size); segment i of a split image
 *   is the file <name>.bNN; auth_and_reset follows the load; the processor
 *   reports "ready"; stop raises the stop request, waits for "stop-ack",
 *   then shutdown.
 * - the seed's msm8660 rule: the modem cannot boot before the DSP
 *   ("amp,depends-on", resolved by the core).
 */
#define amp_rproc_report_crash be_report_crash
#include "../../backends/msm/msm_rproc.c"
#include "../../backends/msm/msm_image.c"
#include "../../backends/msm/msm_scm.c"
#undef amp_rproc_report_crash

#include <linux/vmalloc.h>

#include "be_suites.h"
#include "msm_test.h"

struct msm_ctx *mctx;

static const struct software_node msm_tcsr_node = { .name = "amp-kunit-tcsr" };

/* --- the authenticator --- */

static int msm_fake_init(struct msm_pil *p, const void *meta, size_t len)
{
	be_log("auth %u init %zu", p->pas_id, len);
	mctx->inits++;
	if (mctx->init_err)
		return mctx->init_err;
	kfree(mctx->meta);
	mctx->meta = kmemdup(meta, len, GFP_KERNEL);
	mctx->meta_len = len;
	return 0;
}

static int msm_fake_setup(struct msm_pil *p, phys_addr_t addr,
			  phys_addr_t size)
{
	be_log("auth %u mem_setup +%#llx %#llx", p->pas_id,
	       (u64)(addr - mctx->region.pa), (u64)size);
	return mctx->setup_err;
}

static int msm_fake_reset(struct msm_pil *p)
{
	be_log("auth %u reset", p->pas_id);
	if (mctx->reset_err)
		return mctx->reset_err;
	if (mctx->auto_ready)
		be_irq_fire(mctx->irqc, IRQ_READY + (p == mctx->p[1] ? 5 : 0));
	return 0;
}

static int msm_fake_shutdown(struct msm_pil *p)
{
	be_log("auth %u shutdown", p->pas_id);
	return mctx->shutdown_err;
}

static void msm_fake_release(struct msm_pil *p)
{
	be_log("auth %u release", p->pas_id);
}

static const struct amp_msm_auth_ops msm_fake_auth = {
	.name = "fake secure world",
	.init_image = msm_fake_init,
	.mem_setup = msm_fake_setup,
	.auth_and_reset = msm_fake_reset,
	.shutdown = msm_fake_shutdown,
	.release = msm_fake_release,
};

/* --- firmware files and memories --- */

static int msm_fake_request_fw(struct device *dev, const char *name,
			       const struct firmware **fw)
{
	struct firmware *f;
	unsigned int i;
	void *data;

	be_log("fw %s", name);
	for (i = 0; i < mctx->nr_files; i++) {
		if (strcmp(mctx->files[i].name, name))
			continue;
		f = kzalloc(sizeof(*f), GFP_KERNEL);
		data = vmalloc(mctx->files[i].size);
		if (!f || !data) {
			kfree(f);
			vfree(data);
			return -ENOMEM;
		}
		memcpy(data, mctx->files[i].data, mctx->files[i].size);
		f->data = data;
		f->size = mctx->files[i].size;
		*fw = f;
		return 0;
	}
	return -ENOENT;
}

static void msm_file(const char *name, const void *data, size_t size)
{
	mctx->files[mctx->nr_files++] = (struct msm_file){ name, data, size };
}

static int msm_fake_map_mem(struct platform_device *pdev, const char *name,
			    struct amp_rproc_window *w)
{
	if (strcmp(name, "crash-reason") || mctx->no_crash)
		return -ENOENT;
	w->pa = mctx->crash.pa;
	w->size = mctx->crash.size;
	w->va = mctx->crash.va;
	return 0;
}

static int msm_fake_carveout(struct platform_device *pdev,
			     struct amp_rproc_window *w)
{
	if (mctx->no_region)
		return -ENOENT;
	w->pa = mctx->region.pa;
	w->size = mctx->region.size;
	w->va = mctx->region.va;
	return 0;
}

static const struct amp_be_mem_ops msm_fake_mem = {
	.map_mem = msm_fake_map_mem,
	.carveout = msm_fake_carveout,
};

static const struct amp_msm_glue msm_fake_glue = {
	.mem = &msm_fake_mem,
	.auth = &msm_fake_auth,
	.request_fw = msm_fake_request_fw,
};

static const struct amp_msm_glue msm_scm_glue = {
	.mem = &msm_fake_mem,
	.auth = &amp_msm_scm_auth,
	.request_fw = msm_fake_request_fw,
};

static const struct platform_device_id msm_test_ids[] = {
	{ MSM_DEV, (kernel_ulong_t)&msm_fake_glue },
	{ "amp-kunit-msm-scm", (kernel_ulong_t)&msm_scm_glue },
};

/* --- images --- */

/*
 * The standard test image: two loadable segments at @base (0x400 bytes of
 * 0x11) and @base + 0x1000 (0x100 bytes of 0x22, then 0x200 zeroes), and a
 * 0x80-byte hash segment (program header 2, bytes 0x48).
 */
void msm_image(struct kunit *test, u32 base, bool reloc)
{
	struct amp_eg_desc d;

	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.machine = AMP_EM_QDSP6;
	d.entry = base + 0x100;
	d.segs[0].da = base;
	d.segs[1].da = base + 0x1000;
	if (reloc)
		d.segs[0].flags |= AMP_QCOM_SEG_RELOCATABLE;
	d.hash_seg = true;
	d.hash_size = HASH_LEN;
	d.no_sections = true;
	mctx->img = kunit_kzalloc(test, IMG_CAP, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mctx->img);
	KUNIT_ASSERT_EQ(test, amp_eg_build(&d, mctx->img, IMG_CAP, &mctx->lay),
			0);
	mctx->img_size = mctx->lay.size;
	KUNIT_ASSERT_EQ(test, mctx->lay.phoff + mctx->lay.phnum * 32,
			(size_t)HDRS);
	KUNIT_ASSERT_EQ(test, mctx->lay.hash_phdr, 2);
}

u32 msm_base(void)
{
	return (u32)mctx->region.pa;
}

static const u8 *msm_seg(unsigned int i)
{
	return mctx->img + amp_eg_get(mctx->img, &mctx->lay, AMP_EG_P_OFFSET, i);
}

/* Split the image: <base>.mdt holds @keep bytes, <base>.bNN each segment. */
void msm_split(const char *mdt, const char *const *bnn, size_t keep)
{
	unsigned int i;

	msm_file(mdt, mctx->img, keep);
	for (i = 0; i < 3; i++)
		if (bnn[i])
			msm_file(bnn[i], msm_seg(i),
				 amp_eg_get(mctx->img, &mctx->lay,
					    AMP_EG_P_FILESZ, i));
}

const char * const msm_bnn[3] = { "m.b00", "m.b01", "m.b02" };

/* The metadata the secure world must see: headers, then the hash bytes. */
static void msm_expect_meta(struct kunit *test)
{
	KUNIT_ASSERT_NOT_NULL(test, mctx->meta);
	KUNIT_ASSERT_EQ(test, mctx->meta_len, (size_t)META_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(mctx->meta, mctx->img, HDRS), 0);
	KUNIT_EXPECT_EQ(test, memcmp(mctx->meta + HDRS, msm_seg(2), HASH_LEN),
			0);
}

/* What the standard image leaves at @off in the region. */
static void msm_expect_loaded(struct kunit *test, size_t off)
{
	const u8 *r = (const u8 *)mctx->region.va + off;

	KUNIT_EXPECT_EQ(test, r[0], 0x11);
	KUNIT_EXPECT_EQ(test, r[0x3ff], 0x11);
	KUNIT_EXPECT_EQ(test, r[0x400], 0xee);	/* gap untouched */
	KUNIT_EXPECT_EQ(test, r[0x1000], 0x22);
	KUNIT_EXPECT_EQ(test, r[0x10ff], 0x22);
	KUNIT_EXPECT_EQ(test, r[0x1100], 0);	/* p_memsz zero-filled */
	KUNIT_EXPECT_EQ(test, r[0x12ff], 0);
	KUNIT_EXPECT_EQ(test, r[0x1300], 0xee);
}

/* --- devices --- */

int msm_probe_dev(struct kunit *test, unsigned int idx, const char *id,
		  const struct property_entry *props, bool all_irqs)
{
	static const char * const names[] = {
		"wdog", "fatal", "ready", "handover", "stop-ack",
	};
	struct resource res[5];
	unsigned int i, n = all_irqs ? 5 : 3;
	char *devname;
	int ret;

	for (i = 0; i < n; i++)
		res[i] = be_irq_res(mctx->irqc, i + 5 * idx, names[i]);
	devname = kunit_kzalloc(test, 40, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, devname);
	snprintf(devname, 40, "%s.%u", id, idx);
	mctx->node[idx].name = devname;
	mctx->node[idx].properties = props;
	mctx->pdev[idx] = be_pdev_create(test, devname, NULL, &mctx->node[idx],
					 res, n);
	mctx->pdev[idx]->id_entry = strcmp(id, MSM_DEV) ? &msm_test_ids[1] :
		&msm_test_ids[0];
	ret = amp_msm_probe(mctx->pdev[idx]);
	if (!ret)
		mctx->p[idx] = platform_get_drvdata(mctx->pdev[idx]);
	return ret;
}

const struct property_entry msm_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 4),
	PROPERTY_ENTRY_STRING("firmware-name", "m.mdt"),
	PROPERTY_ENTRY_STRING("amp,name", "kunit-modem"),
	PROPERTY_ENTRY_REF("qcom,stop-reg", &msm_tcsr_node, STOP_REG, STOP_BIT),
	PROPERTY_ENTRY_U32("qcom,start-timeout-ms", 50),
	PROPERTY_ENTRY_U32("qcom,stop-timeout-ms", 50),
	{ }
};

struct msm_pil *msm_pil(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, msm_props, true),
			0);
	be_log_reset();
	return mctx->p[0];
}

int msm_test_init(struct kunit *test)
{
	static const char * const tcsr[] = { "@tcsr", NULL };

	mctx = kunit_kzalloc(test, sizeof(*mctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mctx);
	KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &mctx->region, SZ_64K), 0);
	memset(mctx->region.va, 0xee, SZ_64K);
	KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &mctx->crash, 256), 0);
	mctx->auto_ready = true;
	mctx->irqc = be_irqc_create(test);
	mctx->tcsr = be_hw_create(test, "tcsr", &msm_tcsr_node, tcsr);
	be_log_reset();
	return 0;
}

void msm_test_exit(struct kunit *test)
{
	int i;

	for (i = 1; i >= 0; i--) {
		if (mctx->p[i]) {
			if (mctx->p[i]->meta_pending)
				msm_fake_release(mctx->p[i]);
			amp_msm_remove(mctx->pdev[i]);
		}
		if (mctx->pdev[i]) {
			platform_device_unregister(mctx->pdev[i]);
			software_node_unregister(&mctx->node[i]);
		}
	}
	be_hw_destroy(mctx->tcsr);
	be_irqc_destroy(mctx->irqc);
	kfree(mctx->meta);
	mctx = NULL;
}

int msm_do_load(struct msm_pil *p, const char *name, u64 *boot)
{
	return amp_msm_load(p->rproc, name, mctx->img, mctx->img_size, boot);
}

int msm_t_start(struct amp_rproc *rproc, u64 boot_addr)
{
	return msm_auth_and_start(rproc, boot_addr);
}

int msm_t_stop(struct amp_rproc *rproc)
{
	return msm_stop(rproc);
}

/* --- probe --- */

static void msm_probe_ok(struct kunit *test)
{
	struct msm_pil *p;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, msm_props, true),
			0);
	p = mctx->p[0];
	BE_EXPECT_EMPTY_LOG(test);
	KUNIT_EXPECT_EQ(test, p->pas_id, 4U);
	for (i = 0; i < AMP_MSM_NR_IRQS; i++)
		KUNIT_EXPECT_EQ(test, p->irq[i], (int)mctx->irqc->virq[i]);
	KUNIT_EXPECT_NOT_NULL(test, p->stop_map);
	KUNIT_EXPECT_EQ(test, p->stop_reg, (u32)STOP_REG);
	KUNIT_EXPECT_EQ(test, p->stop_bit, (u32)STOP_BIT);
	KUNIT_EXPECT_TRUE(test, p->has_crash);
	KUNIT_EXPECT_EQ(test, p->region.da, (u64)mctx->region.pa);
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(p->rproc), "kunit-modem");
}

static void msm_probe_minimal(struct kunit *test)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_U32("qcom,pas-id", 1),
		PROPERTY_ENTRY_STRING("firmware-name", "adsp.mbn"),
		{ }
	};

	mctx->no_crash = true;
	/* no handover, no stop-ack, no stop request, no crash reason */
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, props, false), 0);
	KUNIT_EXPECT_EQ(test, mctx->p[0]->irq[AMP_MSM_IRQ_STOP_ACK], 0);
	KUNIT_EXPECT_NULL(test, mctx->p[0]->stop_map);
	KUNIT_EXPECT_FALSE(test, mctx->p[0]->has_crash);
}

static const struct property_entry msm_no_pas_props[] = {
	PROPERTY_ENTRY_STRING("firmware-name", "m.mdt"),
	{ }
};

static void msm_probe_missing_pas_id(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, msm_no_pas_props,
					    true), -EINVAL);
}

static void msm_probe_missing_firmware(struct kunit *test)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_U32("qcom,pas-id", 4),
		{ }
	};

	KUNIT_EXPECT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, props, true),
			-EINVAL);
}

static void msm_probe_missing_region(struct kunit *test)
{
	mctx->no_region = true;
	KUNIT_EXPECT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, msm_props, true),
			-EINVAL);
}

static const struct property_entry msm_bad_stop_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 4),
	PROPERTY_ENTRY_STRING("firmware-name", "m.mdt"),
	PROPERTY_ENTRY_REF("qcom,stop-reg", &msm_tcsr_node, STOP_REG, 32),
	{ }
};

static void msm_probe_bad_stop_reg(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, msm_probe_dev(test, 0, MSM_DEV,
					    msm_bad_stop_props, true), -EINVAL);
}

static const struct property_entry msm_stop_not_ref_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 4),
	PROPERTY_ENTRY_STRING("firmware-name", "m.mdt"),
	PROPERTY_ENTRY_U32("qcom,stop-reg", 0x10),
	{ }
};

static void msm_probe_stop_reg_not_a_reference(struct kunit *test)
{
	/* malformed is not absent: the probe fails instead of ignoring it */
	KUNIT_EXPECT_EQ(test, msm_probe_dev(test, 0, MSM_DEV,
					    msm_stop_not_ref_props, true),
			-EINVAL);
}

static void msm_probe_missing_wdog(struct kunit *test)
{
	struct resource res = be_irq_res(mctx->irqc, IRQ_READY, "ready");

	mctx->node[0].name = "amp-kunit-msm-nowdog";
	mctx->node[0].properties = msm_props;
	mctx->pdev[0] = be_pdev_create(test, "amp-kunit-msm-nowdog", NULL,
				       &mctx->node[0], &res, 1);
	mctx->pdev[0]->id_entry = &msm_test_ids[0];
	KUNIT_EXPECT_EQ(test, amp_msm_probe(mctx->pdev[0]), -ENXIO);
}

/* --- images and metadata --- */

static void msm_load_mbn(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot = 0;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	/* one file: no split fetches; no mem_setup for a fixed image */
	BE_EXPECT_LOG(test, "auth 4 init 280");
	msm_expect_meta(test);
	msm_expect_loaded(test, 0);
	KUNIT_EXPECT_EQ(test, boot, (u64)msm_base() + 0x100);
	KUNIT_EXPECT_TRUE(test, p->meta_pending);
	KUNIT_EXPECT_FALSE(test, p->relocated);
}

static void msm_load_split_meta(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	/* the .mdt holds the headers only; the hash is .b02 */
	msm_split("m.mdt", msm_bnn, HDRS);
	KUNIT_ASSERT_EQ(test, amp_msm_load(p->rproc, "m.mdt", mctx->img, HDRS,
				       &boot), 0);
	/* metadata (with the hash from .b02) first, then the segments */
	BE_EXPECT_LOG(test, "fw m.b02", "auth 4 init 280", "fw m.b00",
		      "fw m.b01");
	msm_expect_meta(test);
	msm_expect_loaded(test, 0);
}

static void msm_load_split_partial(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	size_t keep;
	u64 boot;

	msm_image(test, msm_base(), false);
	/* segment 0 is inside the .mdt; segment 1 and the hash are not */
	keep = mctx->lay.seg_off[0] + 0x400;
	msm_split("m.mdt", msm_bnn, keep);
	KUNIT_ASSERT_EQ(test, amp_msm_load(p->rproc, "m.mdt", mctx->img, keep,
				       &boot), 0);
	BE_EXPECT_LOG(test, "fw m.b02", "auth 4 init 280", "fw m.b01");
	msm_expect_meta(test);
	msm_expect_loaded(test, 0);
}

static void msm_load_split_in_subdir(struct kunit *test)
{
	static const char * const bnn[] = {
		"qcom/x/modem.b00", "qcom/x/modem.b01", "qcom/x/modem.b02",
	};
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	msm_split("qcom/x/modem.mdt", bnn, HDRS);
	KUNIT_EXPECT_EQ(test, amp_msm_load(p->rproc, "qcom/x/modem.mdt", mctx->img,
				       HDRS, &boot), 0);
	KUNIT_EXPECT_STREQ(test, be_log_at(0), "fw qcom/x/modem.b02");
}

static void msm_load_relocatable(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	/* linked at 0x88000000, placed at the relocation base instead */
	msm_image(test, LINK_BASE, true);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 mem_setup +0x0 0x1300");
	msm_expect_loaded(test, 0);
	KUNIT_EXPECT_EQ(test, boot, (u64)mctx->region.pa + 0x100);
	KUNIT_EXPECT_TRUE(test, p->relocated);
	KUNIT_EXPECT_EQ(test, p->image_base, mctx->region.pa);
	KUNIT_EXPECT_EQ(test, p->image_size, (phys_addr_t)0x1300);
}

static void msm_load_relocatable_too_big(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, LINK_BASE, true);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_P_MEMSZ, 1, SZ_64K);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EINVAL);
	/* refused after the metadata: the secure world's state is released */
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 mem_setup +0x0 0x11000",
		      "auth 4 release");
	KUNIT_EXPECT_FALSE(test, p->meta_pending);
}

static void msm_load_outside_region(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	/* fixed image at an address below the region */
	msm_image(test, msm_base() - 0x2000, false);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EINVAL);
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 release");
	KUNIT_EXPECT_EQ(test, ((u8 *)mctx->region.va)[0], 0xee);
}

static void msm_load_missing_split(struct kunit *test)
{
	static const char * const bnn[] = { "m.b00", NULL, "m.b02" };
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	msm_split("m.mdt", bnn, HDRS);
	KUNIT_EXPECT_EQ(test, amp_msm_load(p->rproc, "m.mdt", mctx->img, HDRS,
				       &boot), -ENOENT);
	BE_EXPECT_LOG(test, "fw m.b02", "auth 4 init 280", "fw m.b00",
		      "fw m.b01", "auth 4 release");
}

static void msm_load_truncated_split(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	msm_file("m.b02", msm_seg(2), HASH_LEN - 1);
	KUNIT_EXPECT_EQ(test, amp_msm_load(p->rproc, "m.mdt", mctx->img, HDRS,
				       &boot), -ENOEXEC);
	/* the hash is short: the secure world never sees the metadata */
	BE_EXPECT_LOG(test, "fw m.b02");
	KUNIT_EXPECT_EQ(test, mctx->inits, 0U);
}

static void msm_load_truncated_mbn(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	/* not a .mdt: no split files to fall back on */
	KUNIT_EXPECT_EQ(test, amp_msm_load(p->rproc, "m.mbn", mctx->img,
				       mctx->img_size - 1, &boot), -ENOEXEC);
	BE_EXPECT_EMPTY_LOG(test);
}

static void msm_load_no_hash(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_P_FLAGS, 2, 0);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, mctx->inits, 0U);
}

static void msm_load_two_hashes(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_P_FLAGS, 0,
		   AMP_QCOM_SEG_TYPE_HASH << 24);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, mctx->inits, 0U);
}

static void msm_load_bad_headers(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	/* program headers past the end of the file */
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_E_PHNUM, 0, 90);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	msm_image(test, msm_base(), false);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_E_PHENTSIZE, 0, 56);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	msm_image(test, msm_base(), false);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_E_MACHINE, 0, AMP_EM_RISCV);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	msm_image(test, msm_base(), false);
	amp_eg_set(mctx->img, &mctx->lay, AMP_EG_P_FILESZ, 1, 0x400);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	msm_image(test, msm_base(), false);
	mctx->img[4] = AMP_ELFCLASS64;
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, amp_msm_load(p->rproc, "m.mbn", mctx->img, 20,
				       &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, mctx->inits, 0U);
}

static void msm_load_refused(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	mctx->init_err = -EACCES;
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EACCES);
	/* nothing loaded, nothing to release */
	BE_EXPECT_LOG(test, "auth 4 init 280");
	KUNIT_EXPECT_EQ(test, ((u8 *)mctx->region.va)[0], 0xee);
	KUNIT_EXPECT_FALSE(test, p->meta_pending);
}

static void msm_load_mem_setup_fails(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, LINK_BASE, true);
	mctx->setup_err = -EINVAL;
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EINVAL);
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 mem_setup +0x0 0x1300",
		      "auth 4 release");
}

static struct kunit_case msm_cases[] = {
	KUNIT_CASE(msm_probe_ok),
	KUNIT_CASE(msm_probe_minimal),
	KUNIT_CASE(msm_probe_missing_pas_id),
	KUNIT_CASE(msm_probe_missing_firmware),
	KUNIT_CASE(msm_probe_missing_region),
	KUNIT_CASE(msm_probe_bad_stop_reg),
	KUNIT_CASE(msm_probe_stop_reg_not_a_reference),
	KUNIT_CASE(msm_probe_missing_wdog),
	KUNIT_CASE(msm_load_mbn),
	KUNIT_CASE(msm_load_split_meta),
	KUNIT_CASE(msm_load_split_partial),
	KUNIT_CASE(msm_load_split_in_subdir),
	KUNIT_CASE(msm_load_relocatable),
	KUNIT_CASE(msm_load_relocatable_too_big),
	KUNIT_CASE(msm_load_outside_region),
	KUNIT_CASE(msm_load_missing_split),
	KUNIT_CASE(msm_load_truncated_split),
	KUNIT_CASE(msm_load_truncated_mbn),
	KUNIT_CASE(msm_load_no_hash),
	KUNIT_CASE(msm_load_two_hashes),
	KUNIT_CASE(msm_load_bad_headers),
	KUNIT_CASE(msm_load_refused),
	KUNIT_CASE(msm_load_mem_setup_fails),
	{ }
};

struct kunit_suite amp_msm_suite = {
	.name = "amp_msm",
	.suite_init = be_suite_init,
	.suite_exit = be_suite_exit,
	.init = msm_test_init,
	.exit = msm_test_exit,
	.test_cases = msm_cases,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_msm: the Qualcomm PAS backend's body, built into this
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

#include "../common/elfgen.h"
#include "be_fakes.h"
#include "be_suites.h"

#define MSM_DEV		"amp-kunit-msm"
#define MSM_DEV2	"amp-kunit-msm2"
#define IRQ_WDOG	0
#define IRQ_FATAL	1
#define IRQ_READY	2
#define IRQ_HANDOVER	3
#define IRQ_STOP_ACK	4
#define STOP_REG	0x10
#define STOP_BIT	2
#define IMG_CAP		8192
#define HDRS		(56 + 3 * 32)	/* elfgen: phoff 56, 3 headers */
#define HASH_LEN	0x80
#define META_LEN	(HDRS + HASH_LEN)
#define LINK_BASE	0x88000000u	/* relocatable images' link address */

struct msm_file {
	const char *name;
	const void *data;
	size_t size;
};

struct msm_ctx {
	struct be_irqc *irqc;
	struct be_hw *tcsr;
	struct be_mem region;
	struct be_mem crash;
	bool no_region;
	bool no_crash;
	/* authenticator */
	int init_err;
	int setup_err;
	int reset_err;
	int shutdown_err;
	bool auto_ready;
	u8 *meta;
	size_t meta_len;
	unsigned int inits;
	/* firmware files */
	struct msm_file files[8];
	unsigned int nr_files;
	/* devices */
	struct software_node node[2];
	struct platform_device *pdev[2];
	struct msm_pil *p[2];
	/* the image under test */
	u8 *img;
	size_t img_size;
	struct amp_eg_layout lay;
};

static struct msm_ctx *mctx;

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
static void msm_image(struct kunit *test, u32 base, bool reloc)
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

static u32 msm_base(void)
{
	return (u32)mctx->region.pa;
}

static const u8 *msm_seg(unsigned int i)
{
	return mctx->img + amp_eg_get(mctx->img, &mctx->lay, AMP_EG_P_OFFSET, i);
}

/* Split the image: <base>.mdt holds @keep bytes, <base>.bNN each segment. */
static void msm_split(const char *mdt, const char *const *bnn, size_t keep)
{
	unsigned int i;

	msm_file(mdt, mctx->img, keep);
	for (i = 0; i < 3; i++)
		if (bnn[i])
			msm_file(bnn[i], msm_seg(i),
				 amp_eg_get(mctx->img, &mctx->lay,
					    AMP_EG_P_FILESZ, i));
}

static const char * const msm_bnn[] = { "m.b00", "m.b01", "m.b02" };

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

static int msm_probe_dev(struct kunit *test, unsigned int idx,
			 const char *id, const struct property_entry *props,
			 bool all_irqs)
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

static const struct property_entry msm_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 4),
	PROPERTY_ENTRY_STRING("firmware-name", "m.mdt"),
	PROPERTY_ENTRY_STRING("amp,name", "kunit-modem"),
	PROPERTY_ENTRY_REF("qcom,stop-reg", &msm_tcsr_node, STOP_REG, STOP_BIT),
	PROPERTY_ENTRY_U32("qcom,start-timeout-ms", 50),
	PROPERTY_ENTRY_U32("qcom,stop-timeout-ms", 50),
	{ }
};

static struct msm_pil *msm_pil(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, msm_props, true),
			0);
	be_log_reset();
	return mctx->p[0];
}

static int msm_test_init(struct kunit *test)
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

static void msm_test_exit(struct kunit *test)
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

static int msm_do_load(struct msm_pil *p, const char *name, u64 *boot)
{
	return amp_msm_load(p->rproc, name, mctx->img, mctx->img_size, boot);
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

/* --- start, stop, signals --- */

static void msm_start_sequence(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_EXPECT_EQ(test, msm_auth_and_start(p->rproc, boot), 0);
	/* verify and release, "ready", then the metadata is released */
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 reset",
		      "auth 4 release");
	KUNIT_EXPECT_TRUE(test, p->running);
}

static void msm_start_refused(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	mctx->reset_err = -EPERM;
	KUNIT_EXPECT_EQ(test, msm_auth_and_start(p->rproc, boot), -EPERM);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 release");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_start_no_ready(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	mctx->auto_ready = false;
	KUNIT_EXPECT_EQ(test, msm_auth_and_start(p->rproc, boot), -ETIMEDOUT);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 shutdown",
		      "auth 4 release");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_start_ready_state_bit(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	/* the edge was lost, but the state bit says ready */
	mctx->auto_ready = false;
	mctx->irqc->level[IRQ_READY] = true;
	KUNIT_EXPECT_EQ(test, msm_auth_and_start(p->rproc, boot), 0);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 release");
}

static void msm_start_without_image(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	KUNIT_EXPECT_EQ(test, msm_auth_and_start(p->rproc, 0), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void msm_start_loaded(struct kunit *test, struct msm_pil *p)
{
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_ASSERT_EQ(test, msm_auth_and_start(p->rproc, boot), 0);
	be_log_reset();
}

static void msm_stop_sequence(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	/* the remote acknowledges the stop request */
	be_irq_fire(mctx->irqc, IRQ_STOP_ACK);
	KUNIT_EXPECT_EQ(test, msm_stop(p->rproc), 0);
	BE_EXPECT_LOG(test, "rd tcsr 0x10=0x0", "wr tcsr 0x10=0x4",
		      "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0", "auth 4 shutdown");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_stop_no_ack(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	/* no stop-ack within qcom,stop-timeout-ms: shut down anyway */
	KUNIT_EXPECT_EQ(test, msm_stop(p->rproc), 0);
	BE_EXPECT_LOG(test, "rd tcsr 0x10=0x0", "wr tcsr 0x10=0x4",
		      "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0", "auth 4 shutdown");
}

static void msm_stop_shutdown_fails(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	mctx->shutdown_err = -EIO;
	be_irq_fire(mctx->irqc, IRQ_STOP_ACK);
	KUNIT_EXPECT_EQ(test, msm_stop(p->rproc), -EIO);
}

static void msm_watchdog_crash(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	strscpy(mctx->crash.va, "err_fatal.c:42: modem watchdog", 256);
	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_WDOG);
	/* one report; later signals of the dead processor are ignored */
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash watchdog");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_crash_reason_unterminated(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	/* the remote filled the whole area without a NUL: read stays inside */
	memset(mctx->crash.va, 'A', mctx->crash.size);
	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash fatal");
}

static void msm_fatal_crash(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash fatal");
}

static void msm_signals_when_stopped(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	be_irq_fire(mctx->irqc, IRQ_WDOG);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_EMPTY_LOG(test);
	/* while stopping, a watchdog bite stands for the stop-ack */
	KUNIT_EXPECT_TRUE(test, completion_done(&p->stop_done));
}

static void msm_handover_once(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	KUNIT_EXPECT_FALSE(test, p->handover_issued);
	be_irq_fire(mctx->irqc, IRQ_HANDOVER);
	be_irq_fire(mctx->irqc, IRQ_HANDOVER);
	KUNIT_EXPECT_TRUE(test, p->handover_issued);
	BE_EXPECT_EMPTY_LOG(test);
}

static void msm_recovery(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	/* the core's recovery: stop, load, start */
	KUNIT_ASSERT_EQ(test, msm_stop(p->rproc), 0);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_ASSERT_EQ(test, msm_auth_and_start(p->rproc, boot), 0);
	BE_EXPECT_LOG(test, "crash fatal", "rd tcsr 0x10=0x0",
		      "wr tcsr 0x10=0x4", "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0",
		      "auth 4 shutdown", "auth 4 init 280", "auth 4 reset",
		      "auth 4 release");
	KUNIT_EXPECT_TRUE(test, p->running);
	/* signals count again after the restart */
	be_irq_fire(mctx->irqc, IRQ_WDOG);
	KUNIT_EXPECT_STREQ(test, be_log_at(be_log_count() - 1),
			   "crash watchdog");
}

static void msm_without_scm_refuses(struct kunit *test)
{
	struct msm_pil *p;
	u64 boot;

	/* this kernel has no qcom_scm: the real authenticator refuses */
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, "amp-kunit-msm-scm",
					    msm_props, true), 0);
	p = mctx->p[0];
	msm_image(test, msm_base(), false);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ((u8 *)mctx->region.va)[0], 0xee);
}

/* --- through the core: dependencies and peers --- */

static const struct property_entry dsp_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 1),
	PROPERTY_ENTRY_STRING("firmware-name", "dsp.mdt"),
	PROPERTY_ENTRY_STRING("amp,name", "kunit-dsp"),
	{ }
};

/* The modem's properties: "amp,depends-on" names the DSP (device 0). */
static struct property_entry *msm_modem_props(struct kunit *test)
{
	struct software_node_ref_args *ref;
	struct property_entry *props;

	ref = kunit_kzalloc(test, sizeof(*ref), GFP_KERNEL);
	props = kunit_kcalloc(test, 5, sizeof(*props), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_NOT_NULL(test, props);
	*ref = SOFTWARE_NODE_REFERENCE(&mctx->node[0]);
	props[0] = PROPERTY_ENTRY_U32("qcom,pas-id", 4);
	props[1] = PROPERTY_ENTRY_STRING("firmware-name", "m.mdt");
	props[2] = PROPERTY_ENTRY_STRING("amp,name", "kunit-modem");
	props[3] = PROPERTY_ENTRY_REF_ARRAY_LEN("amp,depends-on", ref, 1);
	return props;
}

static void msm_modem_waits_for_dsp(struct kunit *test)
{
	static const char * const dsp_bnn[] = { "dsp.b00", "dsp.b01", "dsp.b02" };
	struct property_entry *modem_props;
	struct amp_rproc *modem;
	int dsp_reset, modem_init;

	modem_props = msm_modem_props(test);

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, modem_props,
					    true), 0);
	msm_image(test, msm_base(), true);
	msm_split("dsp.mdt", dsp_bnn, HDRS);
	msm_split("m.mdt", msm_bnn, HDRS);
	be_log_reset();

	/* asking for the modem boots the DSP first, to its "ready" */
	modem = amp_rproc_get("kunit-modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(modem));
	dsp_reset = be_log_find("auth 1 reset", 0);
	modem_init = be_log_find("auth 4 init 280", 0);
	KUNIT_EXPECT_GE(test, dsp_reset, 0);
	KUNIT_EXPECT_GT(test, modem_init, dsp_reset);
	KUNIT_EXPECT_EQ(test, be_log_find("fw dsp.mdt", 0), 0);
	KUNIT_EXPECT_GE(test, be_log_find("auth 4 reset", 0), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(mctx->p[0]->rproc),
			AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_RUNNING);
	amp_rproc_put(modem);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_GE(test, be_log_find("auth 4 shutdown", 0), 0);
}

static void msm_modem_not_booted_without_dsp(struct kunit *test)
{
	struct property_entry *modem_props;
	struct amp_rproc *modem;
	unsigned int i;

	modem_props = msm_modem_props(test);

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, modem_props,
					    true), 0);
	/* the DSP's image is missing: the modem must not even be loaded */
	msm_image(test, msm_base(), true);
	msm_split("m.mdt", msm_bnn, HDRS);
	be_log_reset();
	modem = amp_rproc_get("kunit-modem");
	KUNIT_EXPECT_TRUE(test, IS_ERR(modem));
	if (!IS_ERR(modem))
		amp_rproc_put(modem);
	for (i = 0; i < be_log_count(); i++)
		KUNIT_EXPECT_NULL_MSG(test, strstr(be_log_at(i), "auth 4"),
				      "modem touched: %s", be_log_at(i));
	KUNIT_EXPECT_EQ(test, be_log_find("fw dsp.mdt", 0), 0);
}

static void msm_peer_notifications(struct kunit *test)
{
	struct msm_pil *dsp, *modem;

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, msm_props, true),
			0);
	dsp = mctx->p[0];
	modem = mctx->p[1];
	/* the modem runs; the DSP goes down: the modem hears about it */
	modem->running = true;
	dsp->nb.notifier_call(&dsp->nb, AMP_RPROC_EV_STOPPING, NULL);
	dsp->nb.notifier_call(&dsp->nb, AMP_RPROC_EV_CRASHED, NULL);
	KUNIT_EXPECT_EQ(test, modem->peer_events, 2U);
	KUNIT_EXPECT_EQ(test, modem->peer_event,
			(unsigned long)AMP_RPROC_EV_CRASHED);
	/* a stopped processor is not told; nobody hears its own events */
	KUNIT_EXPECT_EQ(test, dsp->peer_events, 0U);
	modem->nb.notifier_call(&modem->nb, AMP_RPROC_EV_BOOTED, NULL);
	KUNIT_EXPECT_EQ(test, dsp->peer_events, 0U);
	KUNIT_EXPECT_EQ(test, modem->peer_events, 2U);
	modem->running = false;
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
	KUNIT_CASE(msm_start_sequence),
	KUNIT_CASE(msm_start_refused),
	KUNIT_CASE(msm_start_no_ready),
	KUNIT_CASE(msm_start_ready_state_bit),
	KUNIT_CASE(msm_start_without_image),
	KUNIT_CASE(msm_stop_sequence),
	KUNIT_CASE(msm_stop_no_ack),
	KUNIT_CASE(msm_stop_shutdown_fails),
	KUNIT_CASE(msm_watchdog_crash),
	KUNIT_CASE(msm_fatal_crash),
	KUNIT_CASE(msm_crash_reason_unterminated),
	KUNIT_CASE(msm_signals_when_stopped),
	KUNIT_CASE(msm_handover_once),
	KUNIT_CASE(msm_recovery),
	KUNIT_CASE(msm_without_scm_refuses),
	KUNIT_CASE(msm_modem_waits_for_dsp),
	KUNIT_CASE(msm_modem_not_booted_without_dsp),
	KUNIT_CASE(msm_peer_notifications),
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

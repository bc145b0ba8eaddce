// SPDX-License-Identifier: GPL-2.0
/*
 * Mutation loops of the "amp_elf" suite (the suite itself is in elf_test.c).
 *
 * Deterministic: a fixed seed drives structure-aware mutations of every valid
 * image of the shared matrix, and each mutated image, copied into an
 * allocation of its exact size, goes through the whole loader into a small
 * fake device memory. KASAN flags any out-of-bounds access; the checks below
 * flag any disagreement between loader and parser and any write made by a
 * load that failed.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/elf_loader.h>
#include <ampipc/fwparse.h>

#include "elf_test.h"
#include "fwcases.h"
#include "fwmutate.h"

#define MUT_IMAGES	16384
#define MUT_TABLES	12000
#define MUT_WINDOW	0x2000
#define MUT_SEED	0x616d7069706331ULL

struct mut_base {
	struct amp_fwcase_img img;
	u8 *buf;
};

static unsigned int build_bases(struct kunit *test, struct mut_base *bases,
				unsigned int max)
{
	unsigned int i, fmt, n = 0;
	u8 *buf;

	for (i = 0; i < amp_nr_fwcases; i++) {
		if (amp_fwcases[i].status != AMP_FW_OK)
			continue;
		for (fmt = 0; fmt < AMP_FWCASE_NR_FORMATS && n < max; fmt++) {
			buf = kunit_kmalloc(test, AMP_FWCASE_IMG_MAX, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, buf);
			if (amp_fwcase_build(&amp_fwcases[i], fmt, &bases[n].img, buf,
					     AMP_FWCASE_IMG_MAX))
				continue;
			bases[n++].buf = buf;
		}
	}
	return n;
}

static bool errno_known(int err)
{
	return err == -ENOEXEC || err == -EINVAL || err == -E2BIG ||
	       err == -EFBIG || err == -ENOENT;
}

/*
 * Load one mutated image. Returns 1 if it loaded, 0 if it was refused
 * consistently, or -1 (after reporting) on any inconsistency.
 */
static int load_one(struct kunit *test, struct amp_elf_fake *fake,
		    const u8 *img, size_t size, const struct amp_fw_limits *lim,
		    unsigned int iter)
{
	struct amp_elf_image out;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	int ret, pret;

	fake->calls = 0;
	pret = amp_fw_elf_parse(&elf, img, size, lim, &diag);
	ret = amp_elf_fake_load(test, fake, img, size, lim, &out);
	if (pret) {
		if (ret != pret || fake->calls || !errno_known(ret) ||
		    ret != amp_fw_status_errno(diag.status)) {
			KUNIT_FAIL(test, "image %u: parser %d (%s), loader %d, %u translations",
				   iter, pret, amp_fw_status_str(diag.status), ret, fake->calls);
			return -1;
		}
		return 0;
	}
	if (ret) {
		if (ret != -EINVAL || !amp_elf_fake_pristine(fake)) {
			KUNIT_FAIL(test, "image %u: valid image failed with %d or wrote memory",
				   iter, ret);
			return -1;
		}
		return 0;
	}
	if (out.nr_segments != elf.nr_load || out.total_memsz > lim->mem_cap ||
	    (out.rsc_table && (const u8 *)out.rsc_table + out.rsc_size > img + size)) {
		KUNIT_FAIL(test, "image %u: inconsistent load result", iter);
		return -1;
	}
	amp_elf_fake_reset(fake);
	return 1;
}

void amp_elf_mutate_load(struct kunit *test)
{
	const unsigned int max = amp_nr_fwcases * AMP_FWCASE_NR_FORMATS;
	struct mut_base *bases = kunit_kcalloc(test, max, sizeof(*bases), GFP_KERNEL);
	struct amp_elf_fake *fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, MUT_WINDOW);
	u8 *scratch = kunit_kmalloc(test, AMP_FWCASE_IMG_MAX, GFP_KERNEL);
	unsigned int nbase, i, loaded = 0;
	ktime_t start = ktime_get();
	struct mut_base *b;
	struct amp_mut m;
	size_t size;
	u8 *work;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, bases);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	nbase = build_bases(test, bases, max);
	KUNIT_ASSERT_GE(test, nbase, 20U);

	amp_mut_seed(&m, MUT_SEED);
	for (i = 0; i < MUT_IMAGES; i++) {
		b = &bases[i % nbase];
		memcpy(scratch, b->buf, b->img.size);
		size = amp_mut_apply(&m, scratch, b->img.size, &b->img.lay);
		work = kmemdup(scratch, size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, work);
		ret = load_one(test, fake, work, size, &b->img.lim, i);
		kfree(work);
		if (ret < 0)
			return;
		loaded += ret;
	}
	kunit_info(test, "%u mutated images, %u loaded, in %lld ms\n", MUT_IMAGES, loaded,
		   ktime_ms_delta(ktime_get(), start));
	KUNIT_EXPECT_GT(test, loaded, MUT_IMAGES / 20);
	KUNIT_EXPECT_LT(test, loaded, MUT_IMAGES - MUT_IMAGES / 20);
}

static void mutate_table(struct amp_mut *m, u8 *t, size_t *size)
{
	static const u32 values[] = {
		0, 1, 2, 3, 4, 8, 16, 127, 128, 512, 513, 0x1000, 0x8000, 0x10000,
		0x7fffffff, 0xfffff000, 0xffffffff,
	};
	unsigned int n = 1 + amp_mut_below(m, 3);
	size_t off;
	u32 v;

	while (n-- && *size >= 4) {
		switch (amp_mut_below(m, 4)) {
		case 0:
			t[amp_mut_below(m, *size)] ^= 1U << amp_mut_below(m, 8);
			break;
		case 1:
			*size -= amp_mut_below(m, *size / 4 + 1);
			break;
		default:
			off = 4 * (size_t)amp_mut_below(m, *size / 4);
			v = amp_mut_below(m, 2) ? values[amp_mut_below(m, ARRAY_SIZE(values))] :
						  (u32)amp_mut_next(m);
			t[off] = v & 0xff;
			t[off + 1] = (v >> 8) & 0xff;
			t[off + 2] = (v >> 16) & 0xff;
			t[off + 3] = v >> 24;
			break;
		}
	}
}

/* Walk a (possibly rejected) table; every byte read must be inside it. */
static bool walk_table(const u8 *t, size_t size, bool valid)
{
	struct amp_fw_rsc_entry ent;
	unsigned int cur = 0;
	u32 i;

	while (amp_fw_rsc_next(t, size, &cur, &ent)) {
		if ((u64)ent.offset + ent.avail != size || ent.len > ent.avail)
			return false;
		if (valid && (ent.offset % 4 || ent.len < 4))
			return false;
		for (i = 0; i < ent.len; i++)
			(void)READ_ONCE(t[ent.offset + i]);
	}
	return true;
}

void amp_elf_mutate_rsc(struct kunit *test)
{
	struct amp_eg_rsc_layout lay[2];
	struct amp_eg_rsc_spec spec;
	struct amp_fw_diag diag;
	struct amp_mut m;
	unsigned int i, valid = 0;
	ktime_t start = ktime_get();
	size_t size;
	u8 *base[2], *scratch, *work;
	int ret;

	scratch = kunit_kmalloc(test, AMP_FWCASE_RSC_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	amp_eg_rsc_std_spec(&spec);
	for (i = 0; i < 2; i++) {
		base[i] = kunit_kmalloc(test, AMP_FWCASE_RSC_MAX, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, base[i]);
		KUNIT_ASSERT_EQ(test, amp_eg_rsc_build(&spec, base[i], AMP_FWCASE_RSC_MAX,
						       &lay[i]), 0);
		spec.devmem = true;
		spec.config_len = 6;
		spec.vendor_type = 200;
	}

	amp_mut_seed(&m, MUT_SEED + 1);
	for (i = 0; i < MUT_TABLES; i++) {
		size = lay[i % 2].size;
		memcpy(scratch, base[i % 2], size);
		mutate_table(&m, scratch, &size);
		work = kmemdup(scratch, size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, work);
		ret = amp_fw_rsc_check(work, size, &diag);
		if (ret != amp_fw_status_errno(diag.status) || !walk_table(work, size, !ret)) {
			KUNIT_FAIL(test, "table %u: check %d (%s) or walk inconsistent", i, ret,
				   amp_fw_status_str(diag.status));
			kfree(work);
			return;
		}
		valid += !ret;
		kfree(work);
	}
	kunit_info(test, "%u mutated tables, %u valid, in %lld ms\n", MUT_TABLES, valid,
		   ktime_ms_delta(ktime_get(), start));
	KUNIT_EXPECT_GT(test, valid, 0U);
	KUNIT_EXPECT_LT(test, valid, (unsigned int)MUT_TABLES);
}

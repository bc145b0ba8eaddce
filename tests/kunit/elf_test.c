// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "amp_elf": the firmware validator and the ELF loader of
 * amp_rproc.
 *
 * One case per valid image and one per rejection of the shared test matrix
 * (tests/common/fwcases.c), each run in every ELF class and byte order it
 * applies to: the parser must report the exact status and errno, and the
 * loader must return the same errno without translating or writing anything.
 * Valid images are loaded into a fake device memory and compared byte by
 * byte, including the loaded copy of the resource table. Further cases cover
 * address translation, zero-fill, the memory cap and the parser's limits;
 * the mutation loops live in elf_mutate_test.c.
 *
 * Images are copied into allocations of their exact size, so KASAN reports
 * any read past their end.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/elf_loader.h>
#include <ampipc/fwparse.h>

#include "elf_test.h"
#include "fwcases.h"

#define FAKE_SIZE	0x10000

/* Build a case's image and copy it into an allocation of its exact size. */
static u8 *build_image(struct kunit *test, const struct amp_fwcase *fc,
		       unsigned int fmt, struct amp_fwcase_img *img)
{
	u8 *scratch = kunit_kzalloc(test, AMP_FWCASE_IMG_MAX, GFP_KERNEL);
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, scratch);
	KUNIT_ASSERT_EQ_MSG(test, amp_fwcase_build(fc, fmt, img, scratch, AMP_FWCASE_IMG_MAX),
			    0, "%s: cannot build", amp_fwcase_format_name(fmt));
	buf = kunit_kmalloc(test, img->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, scratch, img->size);
	return buf;
}

/* What device memory must look like after loading a valid image. */
static u8 *expected_memory(struct kunit *test, const struct amp_fw_elf *elf, u64 base)
{
	u8 *exp = kunit_kmalloc(test, FAKE_SIZE, GFP_KERNEL);
	struct amp_fw_seg seg;
	unsigned int cur = 0;

	KUNIT_ASSERT_NOT_NULL(test, exp);
	memset(exp, AMP_ELF_FAKE_PAT, FAKE_SIZE);
	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		if (seg.filesz)
			memcpy(exp + (seg.da - base), elf->data + seg.offset, seg.filesz);
		memset(exp + (seg.da - base) + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	return exp;
}

static void check_valid_load(struct kunit *test, const struct amp_fwcase_img *img,
			     const struct amp_fw_elf *elf, const char *fmt)
{
	struct amp_elf_image out;
	struct amp_elf_fake *fake;
	struct amp_fw_seg seg;
	unsigned int cur = 0;
	u64 lo = U64_MAX, hi = 0;

	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		lo = min(lo, seg.da);
		hi = max(hi, seg.da + (seg.memsz - 1));
	}
	KUNIT_ASSERT_LT_MSG(test, hi - lo, (u64)FAKE_SIZE, "%s: image spans too much", fmt);

	fake = amp_elf_fake_new(test, lo, FAKE_SIZE);
	fake->iomem = elf->big_endian;
	KUNIT_ASSERT_EQ_MSG(test, amp_elf_fake_load(test, fake, elf->data, elf->size,
						    &img->lim, &out), 0, "%s", fmt);
	KUNIT_EXPECT_EQ(test, fake->calls, elf->nr_load);
	KUNIT_EXPECT_EQ(test, out.entry, elf->entry);
	KUNIT_EXPECT_EQ(test, out.nr_segments, elf->nr_load);
	KUNIT_EXPECT_EQ(test, out.total_memsz, elf->total_memsz);
	KUNIT_EXPECT_EQ(test, out.hash_index, elf->hash_index);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(fake->mem, expected_memory(test, elf, lo), FAKE_SIZE),
			    0, "%s: device memory differs", fmt);

	if (!elf->has_rsc) {
		KUNIT_EXPECT_NULL(test, out.rsc_table);
		return;
	}
	KUNIT_EXPECT_PTR_EQ(test, out.rsc_table, (const void *)(elf->data + elf->rsc_offset));
	KUNIT_EXPECT_EQ(test, out.rsc_size, img->rsc_lay.size);
	KUNIT_ASSERT_GE(test, out.rsc_da, lo);
	KUNIT_ASSERT_LE(test, out.rsc_da - lo + out.rsc_size, (u64)FAKE_SIZE);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(fake->mem + (out.rsc_da - lo), out.rsc_table,
					 out.rsc_size), 0, "%s: loaded table differs", fmt);
}

static void check_rejected_load(struct kunit *test, const struct amp_fwcase *fc,
				const struct amp_fwcase_img *img, const u8 *buf,
				const char *fmt)
{
	struct amp_elf_fake *fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, FAKE_SIZE);
	struct amp_elf_image out;

	KUNIT_EXPECT_EQ_MSG(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			    fc->err, "%s", fmt);
	KUNIT_EXPECT_EQ_MSG(test, fake->calls, 0U, "%s: translated a rejected image", fmt);
	KUNIT_EXPECT_TRUE_MSG(test, amp_elf_fake_pristine(fake), "%s: wrote device memory", fmt);
}

static void run_format(struct kunit *test, const struct amp_fwcase *fc, unsigned int fmt)
{
	const char *name = amp_fwcase_format_name(fmt);
	struct amp_fwcase_img *img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	u8 *buf;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, img);
	buf = build_image(test, fc, fmt, img);
	ret = amp_fw_elf_parse(&elf, buf, img->size, &img->lim, &diag);
	KUNIT_EXPECT_EQ_MSG(test, diag.status, fc->status, "%s: got \"%s\" at index %u", name,
			    amp_fw_status_str(diag.status), diag.index);
	KUNIT_EXPECT_EQ_MSG(test, ret, fc->err, "%s", name);
	if (diag.status != fc->status)
		return;
	if (fc->status == AMP_FW_OK)
		check_valid_load(test, img, &elf, name);
	else
		check_rejected_load(test, fc, img, buf, name);
}

static void amp_elf_run_fwcase(struct kunit *test, const char *name)
{
	const struct amp_fwcase *fc = amp_fwcase_find(name);
	unsigned int fmt;

	KUNIT_ASSERT_NOT_NULL_MSG(test, fc, "no test image named %s", name);
	KUNIT_ASSERT_NE(test, fc->formats, 0U);
	for (fmt = 0; fmt < AMP_FWCASE_NR_FORMATS; fmt++)
		if (fc->formats & BIT(fmt))
			run_format(test, fc, fmt);
}

/*
 * One case per image of the shared matrix (tests/common/fwcases.c), named
 * after it; rejections get a "reject_" prefix. status_table checks that every
 * rejection status has exactly one of them.
 */
#define AMP_ELF_FWCASE(fn, name) \
	static void fn(struct kunit *test) { amp_elf_run_fwcase(test, name); }

AMP_ELF_FWCASE(valid_std, "valid_std")
AMP_ELF_FWCASE(valid_no_rsc, "valid_no_rsc")
AMP_ELF_FWCASE(valid_bss_only, "valid_bss_only")
AMP_ELF_FWCASE(valid_full_rsc, "valid_full_rsc")
AMP_ELF_FWCASE(valid_vendor_start, "valid_vendor_start")
AMP_ELF_FWCASE(valid_qcom, "valid_qcom")
AMP_ELF_FWCASE(valid_et_dyn, "valid_et_dyn")
AMP_ELF_FWCASE(valid_zero_memsz, "valid_zero_memsz")
AMP_ELF_FWCASE(valid_top_of_space, "valid_top_of_space")
AMP_ELF_FWCASE(valid_high_da, "valid_high_da")
AMP_ELF_FWCASE(valid_require_rsc, "valid_require_rsc")
AMP_ELF_FWCASE(valid_any_machine, "valid_any_machine")
AMP_ELF_FWCASE(valid_extra_sections, "valid_extra_sections")
AMP_ELF_FWCASE(valid_shstrndx_undef, "valid_shstrndx_undef")
AMP_ELF_FWCASE(reject_e_ident_trunc, "e_ident_trunc")
AMP_ELF_FWCASE(reject_e_magic, "e_magic")
AMP_ELF_FWCASE(reject_e_class, "e_class")
AMP_ELF_FWCASE(reject_e_data, "e_data")
AMP_ELF_FWCASE(reject_e_ident_version, "e_ident_version")
AMP_ELF_FWCASE(reject_e_ehdr_trunc, "e_ehdr_trunc")
AMP_ELF_FWCASE(reject_e_type, "e_type")
AMP_ELF_FWCASE(reject_e_machine, "e_machine")
AMP_ELF_FWCASE(reject_e_version, "e_version")
AMP_ELF_FWCASE(reject_e_ehsize, "e_ehsize")
AMP_ELF_FWCASE(reject_e_phentsize, "e_phentsize")
AMP_ELF_FWCASE(reject_e_phnum_zero, "e_phnum_zero")
AMP_ELF_FWCASE(reject_e_phnum_xnum, "e_phnum_xnum")
AMP_ELF_FWCASE(reject_e_phnum_max, "e_phnum_max")
AMP_ELF_FWCASE(reject_e_phoff, "e_phoff")
AMP_ELF_FWCASE(reject_e_shentsize, "e_shentsize")
AMP_ELF_FWCASE(reject_e_shoff, "e_shoff")
AMP_ELF_FWCASE(reject_e_shstrndx, "e_shstrndx")
AMP_ELF_FWCASE(reject_e_shstrtab_type, "e_shstrtab_type")
AMP_ELF_FWCASE(reject_e_shstrtab_nul, "e_shstrtab_nul")
AMP_ELF_FWCASE(reject_e_sh_data, "e_sh_data")
AMP_ELF_FWCASE(reject_e_sh_name, "e_sh_name")
AMP_ELF_FWCASE(reject_e_ph_data, "e_ph_data")
AMP_ELF_FWCASE(reject_e_ph_filesz, "e_ph_filesz")
AMP_ELF_FWCASE(reject_e_ph_wrap, "e_ph_wrap")
AMP_ELF_FWCASE(reject_e_ph_overlap, "e_ph_overlap")
AMP_ELF_FWCASE(reject_e_hash_dup, "e_hash_dup")
AMP_ELF_FWCASE(reject_e_no_load, "e_no_load")
AMP_ELF_FWCASE(reject_e_mem_cap, "e_mem_cap")
AMP_ELF_FWCASE(reject_e_rsc_missing, "e_rsc_missing")
AMP_ELF_FWCASE(reject_e_rsc_dup, "e_rsc_dup")
AMP_ELF_FWCASE(reject_e_rsc_nobits, "e_rsc_nobits")
AMP_ELF_FWCASE(reject_e_rsc_not_loaded, "e_rsc_not_loaded")
AMP_ELF_FWCASE(reject_r_trunc, "r_trunc")
AMP_ELF_FWCASE(reject_r_ver, "r_ver")
AMP_ELF_FWCASE(reject_r_reserved, "r_reserved")
AMP_ELF_FWCASE(reject_r_num_max, "r_num_max")
AMP_ELF_FWCASE(reject_r_offsets, "r_offsets")
AMP_ELF_FWCASE(reject_r_offset_range, "r_offset_range")
AMP_ELF_FWCASE(reject_r_offset_align, "r_offset_align")
AMP_ELF_FWCASE(reject_r_type, "r_type")
AMP_ELF_FWCASE(reject_r_entry_trunc, "r_entry_trunc")
AMP_ELF_FWCASE(reject_r_name, "r_name")
AMP_ELF_FWCASE(reject_r_carveout_reserved, "r_carveout_reserved")
AMP_ELF_FWCASE(reject_r_carveout_len, "r_carveout_len")
AMP_ELF_FWCASE(reject_r_carveout_wrap, "r_carveout_wrap")
AMP_ELF_FWCASE(reject_r_devmem_reserved, "r_devmem_reserved")
AMP_ELF_FWCASE(reject_r_devmem_len, "r_devmem_len")
AMP_ELF_FWCASE(reject_r_devmem_wrap, "r_devmem_wrap")
AMP_ELF_FWCASE(reject_r_trace_len, "r_trace_len")
AMP_ELF_FWCASE(reject_r_trace_wrap, "r_trace_wrap")
AMP_ELF_FWCASE(reject_r_vdev_vrings, "r_vdev_vrings")
AMP_ELF_FWCASE(reject_r_vdev_reserved, "r_vdev_reserved")
AMP_ELF_FWCASE(reject_r_vdev_vring_trunc, "r_vdev_vring_trunc")
AMP_ELF_FWCASE(reject_r_vdev_config, "r_vdev_config")
AMP_ELF_FWCASE(reject_r_vring_num, "r_vring_num")
AMP_ELF_FWCASE(reject_r_vring_align, "r_vring_align")

static void status_table(struct kunit *test);

/* Parse a case's image; returns it and fills elf and diag. */
static u8 *parse_case(struct kunit *test, const char *name, unsigned int fmt,
		      struct amp_fwcase_img *img, struct amp_fw_elf *elf,
		      struct amp_fw_diag *diag)
{
	const struct amp_fwcase *fc = amp_fwcase_find(name);
	u8 *buf;
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, fc);
	buf = build_image(test, fc, fmt, img);
	ret = amp_fw_elf_parse(elf, buf, img->size, &img->lim, diag);
	KUNIT_EXPECT_EQ(test, ret, amp_fw_status_errno(diag->status));
	return buf;
}

static struct amp_fwcase_img *new_img(struct kunit *test)
{
	struct amp_fwcase_img *img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, img);
	return img;
}

/* The Qualcomm layout: no sections, a hash segment that is not loaded. */
static void qcom_facts(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	struct amp_fw_seg seg;

	parse_case(test, "valid_qcom", 0, img, &elf, &diag);
	KUNIT_ASSERT_EQ(test, diag.status, AMP_FW_OK);
	KUNIT_EXPECT_EQ(test, elf.hash_index, 2);
	KUNIT_EXPECT_TRUE(test, elf.relocatable);
	KUNIT_EXPECT_EQ(test, elf.shnum, 0);
	KUNIT_EXPECT_EQ(test, elf.nr_load, 2U);
	KUNIT_EXPECT_FALSE(test, elf.has_rsc);
	KUNIT_ASSERT_EQ(test, amp_fw_elf_phdr(&elf, 2, &seg), 0);
	KUNIT_EXPECT_EQ(test, AMP_QCOM_SEG_TYPE(seg.flags), (u32)AMP_QCOM_SEG_TYPE_HASH);
	KUNIT_EXPECT_EQ(test, seg.filesz, 0x80ULL);
	KUNIT_EXPECT_EQ(test, amp_fw_elf_phdr(&elf, 3, &seg), -EINVAL);
}

/* diag names the header or entry at fault and the offending value. */
static void diag_details(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;

	parse_case(test, "e_ph_overlap", 2, img, &elf, &diag);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_E_PH_OVERLAP);
	KUNIT_EXPECT_EQ(test, diag.index, 1U);
	KUNIT_EXPECT_EQ(test, diag.value, AMP_EG_DA_BASE + 0x3f0);

	parse_case(test, "r_vring_num", 1, img, &elf, &diag);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_R_VRING_NUM);
	KUNIT_EXPECT_EQ(test, diag.index, 2U);
	KUNIT_EXPECT_EQ(test, diag.value, 3ULL);

	parse_case(test, "e_machine", 3, img, &elf, &diag);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_E_MACHINE);
	KUNIT_EXPECT_EQ(test, diag.value, 62ULL);

	parse_case(test, "e_sh_name", 0, img, &elf, &diag);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_E_SH_NAME);
	KUNIT_EXPECT_EQ(test, diag.index, (u32)img->lay.rsc_shndx);
}

/* Header fields are read byte by byte: the image may sit at any address. */
static void unaligned_image(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	u8 *buf, *odd;

	buf = parse_case(test, "valid_full_rsc", 3, img, &elf, &diag);
	odd = kunit_kmalloc(test, img->size + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, odd);
	memcpy(odd + 1, buf, img->size);
	KUNIT_EXPECT_EQ(test, amp_fw_elf_parse(&elf, odd + 1, img->size, &img->lim, &diag), 0);
	KUNIT_EXPECT_TRUE(test, elf.has_rsc);
	KUNIT_EXPECT_EQ(test, amp_fw_rsc_check(odd + 1 + elf.rsc_offset, elf.rsc_size, NULL), 0);
}

/* Every entry of the full table, in order, with its exact length. */
static void rsc_iterate(struct kunit *test)
{
	static const u32 types[] = { AMP_RSC_CARVEOUT, AMP_RSC_DEVMEM, AMP_RSC_TRACE,
				     AMP_RSC_VDEV, AMP_RSC_VENDOR_END };
	static const u32 lens[] = { 56, 56, 48, 4 + 24 + 2 * 20 + 10, 12 };
	struct amp_fwcase_img *img = new_img(test);
	struct amp_fw_rsc_entry ent;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	unsigned int cur = 0, n = 0;
	u8 *buf;

	buf = parse_case(test, "valid_full_rsc", 0, img, &elf, &diag);
	KUNIT_ASSERT_TRUE(test, elf.has_rsc);
	while (amp_fw_rsc_next(buf + elf.rsc_offset, elf.rsc_size, &cur, &ent)) {
		KUNIT_ASSERT_LT(test, n, 5U);
		KUNIT_EXPECT_EQ(test, ent.index, n);
		KUNIT_EXPECT_EQ(test, ent.type, types[n]);
		KUNIT_EXPECT_EQ(test, ent.len, n == 4 ? ent.avail : lens[n]);
		KUNIT_EXPECT_LE(test, (u64)ent.offset + ent.len, (u64)elf.rsc_size);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 5U);
	KUNIT_EXPECT_EQ(test, lens[4], ent.avail);
}

static size_t one_entry_table(u8 *t, u32 type)
{
	memset(t, 0, 32);
	t[0] = 1;
	t[4] = 1;
	t[16] = 20;
	t[20] = type & 0xff;
	t[21] = (type >> 8) & 0xff;
	t[22] = (type >> 16) & 0xff;
	t[23] = type >> 24;
	return 28;
}

/* Type boundaries: 4..127 and above 512 are reserved, 128..512 are vendor. */
static void rsc_type_bounds(struct kunit *test)
{
	static const u32 bad[] = { AMP_RSC_LAST, 127, 513, 0xffffffff };
	static const u32 good[] = { 0x80, 300, AMP_RSC_VENDOR_END };
	struct amp_fw_diag diag;
	unsigned int i;
	u8 *t = kunit_kzalloc(test, 32, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t[0] = 1;
	KUNIT_EXPECT_EQ(test, amp_fw_rsc_check(t, 16, &diag), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, amp_fw_rsc_check(t, one_entry_table(t, bad[i]), &diag),
				-EINVAL);
		KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_R_TYPE);
		KUNIT_EXPECT_EQ(test, diag.value, (u64)bad[i]);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++)
		KUNIT_EXPECT_EQ(test, amp_fw_rsc_check(t, one_entry_table(t, good[i]), &diag), 0);
}

/* bss is zeroed, file bytes copied, nothing past p_memsz touched. */
static void zero_fill_one(struct kunit *test, bool iomem)
{
	struct amp_eg_layout lay;
	struct amp_eg_desc d;
	struct amp_elf_image out;
	struct amp_elf_fake *fake;
	u8 *img = kunit_kzalloc(test, AMP_FWCASE_IMG_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, img);
	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.nr_segs = 1;
	d.segs[0] = (struct amp_eg_seg){ AMP_PT_LOAD, 6, AMP_EG_DA_BASE + 8, 0x13, 0x1001, 0x3c };
	KUNIT_ASSERT_EQ(test, amp_eg_build(&d, img, AMP_FWCASE_IMG_MAX, &lay), 0);

	fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, 0x2000);
	fake->iomem = iomem;
	KUNIT_ASSERT_EQ(test, amp_elf_fake_load(test, fake, img, lay.size, NULL, &out), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(fake->mem, AMP_ELF_FAKE_PAT, 8));
	KUNIT_EXPECT_NULL(test, memchr_inv(fake->mem + 8, 0x3c, 0x13));
	KUNIT_EXPECT_NULL(test, memchr_inv(fake->mem + 8 + 0x13, 0, 0x1001 - 0x13));
	KUNIT_EXPECT_NULL(test, memchr_inv(fake->mem + 8 + 0x1001, AMP_ELF_FAKE_PAT,
					 0x2000 - 8 - 0x1001));
}

static void zero_fill(struct kunit *test)
{
	zero_fill_one(test, false);
}

static void zero_fill_iomem(struct kunit *test)
{
	zero_fill_one(test, true);
}

/* A refused translation of any segment leaves device memory untouched. */
static void xlate_refused(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_elf_fake *fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, FAKE_SIZE);
	struct amp_elf_image out;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	u8 *buf;

	buf = parse_case(test, "valid_std", 0, img, &elf, &diag);
	fake->refuse = 1;
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fake->calls, 2U);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));

	amp_elf_fake_reset(fake);
	fake->refuse = 0;
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fake->calls, 1U);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));
}

/*
 * A translation that runs out of memory (the core's records each segment)
 * fails the load with -ENOMEM, not as a bad image, and writes nothing.
 * Found by make faultinject.
 */
static void xlate_no_memory(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_elf_fake *fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, FAKE_SIZE);
	struct amp_elf_image out;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	u8 *buf;

	buf = parse_case(test, "valid_std", 0, img, &elf, &diag);
	fake->refuse = 1;
	fake->refuse_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			-ENOMEM);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));
}

/* A translation shorter than p_memsz, or outside memory, is refused. */
static void xlate_not_covering(struct kunit *test)
{
	struct amp_fwcase_img *img = new_img(test);
	struct amp_elf_fake *fake;
	struct amp_elf_image out;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	u8 *buf;

	buf = parse_case(test, "valid_std", 2, img, &elf, &diag);
	/* Segment 1 is 0x300 bytes at +0x1000; only 0x2ff of them are backed. */
	fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, 0x12ff);
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));

	fake = amp_elf_fake_new(test, AMP_EG_DA_BASE + 1, FAKE_SIZE);
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, buf, img->size, &img->lim, &out),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, fake->calls, 1U);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));
}

/* Without a cap from the backend, the fw_mem_cap parameter (256 MiB) applies. */
static void default_mem_cap(struct kunit *test)
{
	u8 *img = kunit_kzalloc(test, AMP_FWCASE_IMG_MAX, GFP_KERNEL);
	struct amp_fw_limits lim = { .require_rsc = false };
	struct amp_elf_fake *fake = amp_elf_fake_new(test, AMP_EG_DA_BASE, 0x1000);
	struct amp_elf_image out;
	struct amp_eg_layout lay;
	struct amp_eg_desc d;

	KUNIT_ASSERT_NOT_NULL(test, img);
	amp_eg_default(&d, AMP_ELFCLASS64, true);
	d.nr_segs = 1;
	d.segs[0] = (struct amp_eg_seg){ AMP_PT_LOAD, 6, AMP_EG_DA_BASE, 0, (256ULL << 20) + 1, 0 };
	KUNIT_ASSERT_EQ(test, amp_eg_build(&d, img, AMP_FWCASE_IMG_MAX, &lay), 0);
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, img, lay.size, &lim, &out), -EFBIG);
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, img, lay.size, NULL, &out), -EFBIG);
	KUNIT_EXPECT_EQ(test, fake->calls, 0U);

	/* Exactly at the cap it validates, then fails translation instead. */
	amp_eg_set(img, &lay, AMP_EG_P_MEMSZ, 0, 256ULL << 20);
	KUNIT_EXPECT_EQ(test, amp_elf_fake_load(test, fake, img, lay.size, NULL, &out), -EINVAL);
	KUNIT_EXPECT_EQ(test, fake->calls, 1U);
	KUNIT_EXPECT_TRUE(test, amp_elf_fake_pristine(fake));
}

/* AMP_FW_MAX_PHNUM loadable segments are accepted (and checked for overlap). */
static void phnum_limit(struct kunit *test)
{
	const size_t ent = 56, cap = 20480;
	u8 *buf = kunit_kzalloc(test, cap, GFP_KERNEL);
	struct amp_eg_layout lay;
	struct amp_fw_diag diag;
	struct amp_eg_desc d;
	struct amp_fw_elf elf;
	size_t phoff;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	amp_eg_default(&d, AMP_ELFCLASS64, false);
	KUNIT_ASSERT_EQ(test, amp_eg_build(&d, buf, cap, &lay), 0);
	phoff = ALIGN(lay.size, 8);
	KUNIT_ASSERT_LE(test, phoff + (AMP_FW_MAX_PHNUM + 1) * ent, cap);
	memcpy(buf + phoff, buf + lay.phoff, 2 * ent);
	lay.phoff = phoff;
	lay.phnum = AMP_FW_MAX_PHNUM + 1;
	amp_eg_set(buf, &lay, AMP_EG_E_PHOFF, 0, phoff);
	for (i = 2; i < lay.phnum; i++) {
		amp_eg_set(buf, &lay, AMP_EG_P_TYPE, i, AMP_PT_LOAD);
		amp_eg_set(buf, &lay, AMP_EG_P_PADDR, i, 0x20000000 + 16 * i);
		amp_eg_set(buf, &lay, AMP_EG_P_MEMSZ, i, 16);
	}

	amp_eg_set(buf, &lay, AMP_EG_E_PHNUM, 0, AMP_FW_MAX_PHNUM);
	KUNIT_EXPECT_EQ(test, amp_fw_elf_parse(&elf, buf, cap, NULL, &diag), 0);
	KUNIT_EXPECT_EQ(test, elf.nr_load, (unsigned int)AMP_FW_MAX_PHNUM);

	amp_eg_set(buf, &lay, AMP_EG_E_PHNUM, 0, AMP_FW_MAX_PHNUM + 1);
	KUNIT_EXPECT_EQ(test, amp_fw_elf_parse(&elf, buf, cap, NULL, &diag), -E2BIG);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_E_PHNUM_MAX);

	/* The last of 256 segments overlapping the first is still found. */
	amp_eg_set(buf, &lay, AMP_EG_E_PHNUM, 0, AMP_FW_MAX_PHNUM);
	amp_eg_set(buf, &lay, AMP_EG_P_PADDR, AMP_FW_MAX_PHNUM - 1, AMP_EG_DA_BASE + 0x3ff);
	KUNIT_EXPECT_EQ(test, amp_fw_elf_parse(&elf, buf, cap, NULL, &diag), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, diag.status, AMP_FW_E_PH_OVERLAP);
	KUNIT_EXPECT_EQ(test, diag.index, (u32)AMP_FW_MAX_PHNUM - 1);
}

static int amp_elf_suite_init(struct kunit_suite *suite)
{
	return amp_elf_fake_dev_init();
}

static void amp_elf_suite_exit(struct kunit_suite *suite)
{
	amp_elf_fake_dev_exit();
}

static struct kunit_case amp_elf_cases[] = {
	KUNIT_CASE(valid_std),
	KUNIT_CASE(valid_no_rsc),
	KUNIT_CASE(valid_bss_only),
	KUNIT_CASE(valid_full_rsc),
	KUNIT_CASE(valid_vendor_start),
	KUNIT_CASE(valid_qcom),
	KUNIT_CASE(valid_et_dyn),
	KUNIT_CASE(valid_zero_memsz),
	KUNIT_CASE(valid_top_of_space),
	KUNIT_CASE(valid_high_da),
	KUNIT_CASE(valid_require_rsc),
	KUNIT_CASE(valid_any_machine),
	KUNIT_CASE(valid_extra_sections),
	KUNIT_CASE(valid_shstrndx_undef),
	KUNIT_CASE(reject_e_ident_trunc),
	KUNIT_CASE(reject_e_magic),
	KUNIT_CASE(reject_e_class),
	KUNIT_CASE(reject_e_data),
	KUNIT_CASE(reject_e_ident_version),
	KUNIT_CASE(reject_e_ehdr_trunc),
	KUNIT_CASE(reject_e_type),
	KUNIT_CASE(reject_e_machine),
	KUNIT_CASE(reject_e_version),
	KUNIT_CASE(reject_e_ehsize),
	KUNIT_CASE(reject_e_phentsize),
	KUNIT_CASE(reject_e_phnum_zero),
	KUNIT_CASE(reject_e_phnum_xnum),
	KUNIT_CASE(reject_e_phnum_max),
	KUNIT_CASE(reject_e_phoff),
	KUNIT_CASE(reject_e_shentsize),
	KUNIT_CASE(reject_e_shoff),
	KUNIT_CASE(reject_e_shstrndx),
	KUNIT_CASE(reject_e_shstrtab_type),
	KUNIT_CASE(reject_e_shstrtab_nul),
	KUNIT_CASE(reject_e_sh_data),
	KUNIT_CASE(reject_e_sh_name),
	KUNIT_CASE(reject_e_ph_data),
	KUNIT_CASE(reject_e_ph_filesz),
	KUNIT_CASE(reject_e_ph_wrap),
	KUNIT_CASE(reject_e_ph_overlap),
	KUNIT_CASE(reject_e_hash_dup),
	KUNIT_CASE(reject_e_no_load),
	KUNIT_CASE(reject_e_mem_cap),
	KUNIT_CASE(reject_e_rsc_missing),
	KUNIT_CASE(reject_e_rsc_dup),
	KUNIT_CASE(reject_e_rsc_nobits),
	KUNIT_CASE(reject_e_rsc_not_loaded),
	KUNIT_CASE(reject_r_trunc),
	KUNIT_CASE(reject_r_ver),
	KUNIT_CASE(reject_r_reserved),
	KUNIT_CASE(reject_r_num_max),
	KUNIT_CASE(reject_r_offsets),
	KUNIT_CASE(reject_r_offset_range),
	KUNIT_CASE(reject_r_offset_align),
	KUNIT_CASE(reject_r_type),
	KUNIT_CASE(reject_r_entry_trunc),
	KUNIT_CASE(reject_r_name),
	KUNIT_CASE(reject_r_carveout_reserved),
	KUNIT_CASE(reject_r_carveout_len),
	KUNIT_CASE(reject_r_carveout_wrap),
	KUNIT_CASE(reject_r_devmem_reserved),
	KUNIT_CASE(reject_r_devmem_len),
	KUNIT_CASE(reject_r_devmem_wrap),
	KUNIT_CASE(reject_r_trace_len),
	KUNIT_CASE(reject_r_trace_wrap),
	KUNIT_CASE(reject_r_vdev_vrings),
	KUNIT_CASE(reject_r_vdev_reserved),
	KUNIT_CASE(reject_r_vdev_vring_trunc),
	KUNIT_CASE(reject_r_vdev_config),
	KUNIT_CASE(reject_r_vring_num),
	KUNIT_CASE(reject_r_vring_align),
	KUNIT_CASE(status_table),
	KUNIT_CASE(qcom_facts),
	KUNIT_CASE(diag_details),
	KUNIT_CASE(unaligned_image),
	KUNIT_CASE(rsc_iterate),
	KUNIT_CASE(rsc_type_bounds),
	KUNIT_CASE(zero_fill),
	KUNIT_CASE(zero_fill_iomem),
	KUNIT_CASE(xlate_refused),
	KUNIT_CASE(xlate_no_memory),
	KUNIT_CASE(xlate_not_covering),
	KUNIT_CASE(default_mem_cap),
	KUNIT_CASE(phnum_limit),
	{ .run_case = amp_elf_mutate_load, .name = "mutate_load" },
	{ .run_case = amp_elf_mutate_rsc, .name = "mutate_rsc" },
	{}
};

/*
 * Each status has a distinct message and a documented errno, and exactly one
 * "reject_" case of this suite tests it.
 */
static void status_table(struct kunit *test)
{
	const struct amp_fwcase *fc;
	const struct kunit_case *kc;
	unsigned int seen[AMP_FW_STATUS_COUNT] = { 0 };
	unsigned int s, t;
	int err;

	for (kc = amp_elf_cases; kc->run_case; kc++) {
		if (strncmp(kc->name, "reject_", 7))
			continue;
		fc = amp_fwcase_find(kc->name + 7);
		KUNIT_ASSERT_NOT_NULL_MSG(test, fc, "%s has no image", kc->name);
		seen[fc->status]++;
	}
	KUNIT_EXPECT_EQ(test, seen[AMP_FW_OK], 0U);
	KUNIT_EXPECT_EQ(test, amp_fw_status_errno(AMP_FW_OK), 0);
	for (s = 1; s < AMP_FW_STATUS_COUNT; s++) {
		KUNIT_EXPECT_EQ_MSG(test, seen[s], 1U, "%s", amp_fw_status_str(s));
		err = amp_fw_status_errno(s);
		KUNIT_EXPECT_TRUE_MSG(test, err == -ENOEXEC || err == -EINVAL || err == -E2BIG ||
				      err == -EFBIG || err == -ENOENT,
				      "status %u: errno %d", s, err);
		KUNIT_EXPECT_GT(test, strlen(amp_fw_status_str(s)), (size_t)8);
		for (t = 1; t < s; t++)
			KUNIT_EXPECT_NE(test, strcmp(amp_fw_status_str(s),
						     amp_fw_status_str(t)), 0);
	}
	KUNIT_EXPECT_LT(test, amp_fw_status_errno(AMP_FW_STATUS_COUNT), 0);
	KUNIT_EXPECT_NOT_NULL(test, amp_fw_status_str(AMP_FW_STATUS_COUNT));
}

static struct kunit_suite amp_elf_suite = {
	.name = "amp_elf",
	.suite_init = amp_elf_suite_init,
	.suite_exit = amp_elf_suite_exit,
	.test_cases = amp_elf_cases,
};
kunit_test_suite(amp_elf_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc firmware validator and ELF loader");
MODULE_AUTHOR("ampipc developers");

// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the shared firmware validator (rproc_core/fwparse/),
 * built from the same sources as amp_rproc.ko. Prints one TAP line per test
 * ("ok N - fwparse.<case>") and exits non-zero if any test fails.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ampipc/fwparse.h>

#include "elfgen.h"
#include "fwcases.h"
#include "fwmutate.h"

#define MEM_WINDOW	0x10000
#define MUTATIONS	200000
#define PAT		0xa5

static unsigned int tests_run, tests_failed;
static bool cur_failed;

/* Record a failed check of the current test; returns ok. */
static bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return true;
	cur_failed = true;
	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return false;
}


static void report(const char *name)
{
	tests_run++;
	if (cur_failed)
		tests_failed++;
	printf("%sok %u - fwparse.%s\n", cur_failed ? "not " : "", tests_run, name);
	fflush(stdout);
	cur_failed = false;
}

/* Fake device memory: one window of MEM_WINDOW bytes at base. */
struct fake_mem {
	u8 *mem;
	u64 base;
};

static void *fake_map(struct fake_mem *fm, u64 da, u64 len)
{
	if (da < fm->base || da - fm->base > MEM_WINDOW || len > MEM_WINDOW - (da - fm->base))
		return NULL;
	return fm->mem + (da - fm->base);
}

/*
 * The host counterpart of amp_elf_load(): validate, translate every segment,
 * then copy and zero-fill. Nothing is written unless everything translates.
 */
static int host_load(const u8 *img, size_t size, const struct amp_fw_limits *lim,
		     struct fake_mem *fm, struct amp_fw_elf *elf, struct amp_fw_diag *diag)
{
	struct amp_fw_seg seg;
	unsigned int cur = 0;
	int ret;

	ret = amp_fw_elf_parse(elf, img, size, lim, diag);
	if (ret)
		return ret;
	while (amp_fw_elf_next_load(elf, &cur, &seg))
		if (!fake_map(fm, seg.da, seg.memsz))
			return -EINVAL;
	cur = 0;
	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		u8 *va = fake_map(fm, seg.da, seg.memsz);

		/* p_offset means nothing when p_filesz is 0. */
		if (seg.filesz)
			memcpy(va, img + seg.offset, seg.filesz);
		memset(va + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	return 0;
}

/* Lowest loadable device address, or 0 if the image spans too much. */
static bool load_window(const struct amp_fw_elf *elf, u64 *base)
{
	struct amp_fw_seg seg;
	unsigned int cur = 0;
	u64 lo = ~0ULL, hi = 0;

	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		if (seg.da < lo)
			lo = seg.da;
		if (seg.da + (seg.memsz - 1) > hi)
			hi = seg.da + (seg.memsz - 1);
	}
	*base = lo;
	return hi - lo < MEM_WINDOW;
}

static void check_loaded(const struct amp_fw_elf *elf, const u8 *img, const u8 *mem, u64 base)
{
	static u8 expect[MEM_WINDOW];
	struct amp_fw_seg seg;
	unsigned int cur = 0;

	memset(expect, PAT, sizeof(expect));
	while (amp_fw_elf_next_load(elf, &cur, &seg)) {
		if (seg.filesz)
			memcpy(expect + (seg.da - base), img + seg.offset, seg.filesz);
		memset(expect + (seg.da - base) + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	check(!memcmp(expect, mem, sizeof(expect)), "device memory differs after load");
}

static void run_case_format(const struct amp_fwcase *fc, unsigned int fmt, u8 *buf, u8 *mem)
{
	const char *fname = amp_fwcase_format_name(fmt);
	struct amp_fwcase_img img;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	struct fake_mem fm = { mem, AMP_EG_DA_BASE };
	int ret;

	ret = amp_fwcase_build(fc, fmt, &img, buf, AMP_FWCASE_IMG_MAX);
	if (!check(!ret, "%s: build failed: %d", fname, ret))
		return;
	ret = amp_fw_elf_parse(&elf, buf, img.size, &img.lim, &diag);
	check(diag.status == fc->status, "%s: status %d (%s), expected %d (%s), index %u",
	      fname, diag.status, amp_fw_status_str(diag.status), fc->status,
	      amp_fw_status_str(fc->status), diag.index);
	check(ret == fc->err, "%s: errno %d, expected %d", fname, ret, fc->err);
	check(amp_fw_status_errno(diag.status) == fc->err, "%s: status errno mismatch", fname);

	memset(mem, PAT, MEM_WINDOW);
	if (fc->status == AMP_FW_OK) {
		check(elf.nr_load >= 1, "%s: no loadable segment", fname);
		check(elf.elf_class == (fmt < 2 ? AMP_ELFCLASS32 : AMP_ELFCLASS64),
		      "%s: class", fname);
		check(elf.big_endian == (fmt & 1), "%s: byte order", fname);
		if (!check(load_window(&elf, &fm.base), "%s: image too spread out", fname))
			return;
		ret = host_load(buf, img.size, &img.lim, &fm, &elf, &diag);
		check(!ret, "%s: load failed %d", fname, ret);
		check_loaded(&elf, buf, mem, fm.base);
	} else {
		ret = host_load(buf, img.size, &img.lim, &fm, &elf, &diag);
		check(ret == fc->err, "%s: load returned %d", fname, ret);
		size_t i = 0;

		while (i < MEM_WINDOW && mem[i] == PAT)
			i++;
		check(i == MEM_WINDOW, "%s: rejected image wrote device memory", fname);
	}
}

static void test_cases(void)
{
	static u8 buf[AMP_FWCASE_IMG_MAX], mem[MEM_WINDOW];
	unsigned int i, fmt;

	for (i = 0; i < amp_nr_fwcases; i++) {
		const struct amp_fwcase *fc = &amp_fwcases[i];

		for (fmt = 0; fmt < AMP_FWCASE_NR_FORMATS; fmt++)
			if (fc->formats & (1U << fmt))
				run_case_format(fc, fmt, buf, mem);
		report(fc->name);
	}
}

static void test_status_table(void)
{
	unsigned int s, t, i;
	bool covered;

	check(amp_fw_status_errno(AMP_FW_OK) == 0, "OK must map to 0");
	for (s = 1; s < AMP_FW_STATUS_COUNT; s++) {
		const char *msg = amp_fw_status_str(s);
		int e = amp_fw_status_errno(s);

		check(msg && strlen(msg) > 8, "status %u has no message", s);
		check(e == -ENOEXEC || e == -EINVAL || e == -E2BIG || e == -EFBIG || e == -ENOENT,
		      "status %u: undocumented errno %d", s, e);
		for (t = 1; t < s; t++)
			check(strcmp(msg, amp_fw_status_str(t)),
			      "statuses %u and %u share a message",
			      t, s);
		covered = false;
		for (i = 0; i < amp_nr_fwcases; i++)
			covered |= amp_fwcases[i].status == (enum amp_fw_status)s;
		check(covered, "status %u (%s) has no test case", s, msg);
	}
	check(amp_fw_status_errno(AMP_FW_STATUS_COUNT) < 0, "out-of-range status");
	check(strlen(amp_fw_status_str(AMP_FW_STATUS_COUNT + 5)) > 0, "out-of-range message");
}

/* elfgen's field offsets against the C library's definitions. */
static void test_elfgen_layout(void)
{
	static u8 buf[AMP_FWCASE_IMG_MAX];
	struct amp_eg_layout lay;
	struct amp_eg_desc d;
	Elf32_Ehdr e32;
	Elf64_Ehdr e64;
	Elf32_Phdr p32;
	Elf64_Phdr p64;
	Elf32_Shdr s32;
	Elf64_Shdr s64;

	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.entry = 0x12345678;
	if (!check(!amp_eg_build(&d, buf, sizeof(buf), &lay), "build32"))
		return;
	memcpy(&e32, buf, sizeof(e32));
	check(e32.e_phnum == 2 && e32.e_phoff == lay.phoff && e32.e_entry == 0x12345678 &&
	      e32.e_ehsize == sizeof(e32) && e32.e_phentsize == sizeof(p32) &&
	      e32.e_shentsize == sizeof(s32) && e32.e_shoff == lay.shoff &&
	      e32.e_shnum == lay.shnum && e32.e_shstrndx == lay.shstrndx &&
	      e32.e_machine == EM_ARM && e32.e_type == ET_EXEC && e32.e_version == EV_CURRENT,
	      "Elf32_Ehdr fields");
	memcpy(&p32, buf + lay.phoff + sizeof(p32), sizeof(p32));
	check(p32.p_type == PT_LOAD && p32.p_paddr == AMP_EG_DA_BASE + 0x1000 &&
	      p32.p_filesz == 0x100 && p32.p_memsz == 0x300 && p32.p_flags == 6 &&
	      p32.p_offset == lay.seg_off[1], "Elf32_Phdr fields");
	memcpy(&s32, buf + lay.shoff + sizeof(s32), sizeof(s32));
	check(s32.sh_type == SHT_STRTAB && s32.sh_offset == lay.shstrtab_off &&
	      s32.sh_size == lay.shstrtab_size &&
	      !strcmp((char *)buf + lay.shstrtab_off + s32.sh_name, ".shstrtab"),
	      "Elf32_Shdr fields");

	amp_eg_default(&d, AMP_ELFCLASS64, false);
	d.entry = 0x123456789aULL;
	if (!check(!amp_eg_build(&d, buf, sizeof(buf), &lay), "build64"))
		return;
	memcpy(&e64, buf, sizeof(e64));
	check(e64.e_phnum == 2 && e64.e_phoff == lay.phoff && e64.e_entry == 0x123456789aULL &&
	      e64.e_ehsize == sizeof(e64) && e64.e_phentsize == sizeof(p64) &&
	      e64.e_shentsize == sizeof(s64) && e64.e_shoff == lay.shoff &&
	      e64.e_shnum == lay.shnum && e64.e_machine == EM_AARCH64, "Elf64_Ehdr fields");
	memcpy(&p64, buf + lay.phoff + sizeof(p64), sizeof(p64));
	check(p64.p_type == PT_LOAD && p64.p_paddr == AMP_EG_DA_BASE + 0x1000 &&
	      p64.p_vaddr == p64.p_paddr && p64.p_filesz == 0x100 && p64.p_memsz == 0x300 &&
	      p64.p_flags == 6 && p64.p_offset == lay.seg_off[1] && p64.p_align == 16,
	      "Elf64_Phdr fields");
	memcpy(&s64, buf + lay.shoff + sizeof(s64), sizeof(s64));
	check(s64.sh_type == SHT_STRTAB && s64.sh_offset == lay.shstrtab_off &&
	      s64.sh_size == lay.shstrtab_size && s64.sh_addralign == 4, "Elf64_Shdr fields");
	check(sizeof(struct amp_rsc_carveout) == 52 && sizeof(struct amp_rsc_trace) == 44 &&
	      sizeof(struct amp_rsc_vdev) == 24 && sizeof(struct amp_rsc_vdev_vring) == 20 &&
	      sizeof(struct amp_rsc_table) == 16, "resource table struct sizes");
}

static void test_iterators(void)
{
	static u8 buf[AMP_FWCASE_IMG_MAX];
	const struct amp_fwcase *fc = amp_fwcase_find("valid_full_rsc");
	static const u32 types[] = { AMP_RSC_CARVEOUT, AMP_RSC_DEVMEM, AMP_RSC_TRACE,
				     AMP_RSC_VDEV, AMP_RSC_VENDOR_END };
	struct amp_fwcase_img img;
	struct amp_fw_rsc_entry ent;
	struct amp_fw_seg seg;
	struct amp_fw_elf elf;
	unsigned int cur = 0, n = 0;

	if (!check(fc && !amp_fwcase_build(fc, 3, &img, buf, sizeof(buf)), "build"))
		return;
	if (!check(!amp_fw_elf_parse(&elf, buf, img.size, &img.lim, NULL), "parse"))
		return;
	check(elf.has_rsc && elf.rsc_size == img.rsc_lay.size &&
	      elf.rsc_offset == img.lay.rsc_off && elf.rsc_da == AMP_EG_DA_BASE + 0x200,
	      "resource table location");
	check(elf.nr_load == 2 && elf.total_memsz == 0x700 && elf.hash_index == -1 &&
	      elf.entry == AMP_EG_DA_BASE, "header facts");
	check(amp_fw_elf_next_load(&elf, &cur, &seg) && seg.index == 0 &&
	      seg.da == AMP_EG_DA_BASE &&
	      seg.filesz == 0x400 && seg.memsz == 0x400 && seg.offset == img.lay.seg_off[0],
	      "segment 0");
	check(amp_fw_elf_next_load(&elf, &cur, &seg) && seg.index == 1 && seg.memsz == 0x300,
	      "segment 1");
	check(!amp_fw_elf_next_load(&elf, &cur, &seg), "only two segments");
	check(amp_fw_elf_phdr(&elf, 2, &seg) == -EINVAL, "phdr out of range");

	cur = 0;
	while (amp_fw_rsc_next(buf + elf.rsc_offset, elf.rsc_size, &cur, &ent)) {
		check(n < 5 && ent.type == types[n] && ent.index == n,
		      "entry %u type %u", n, ent.type);
		check(ent.offset + ent.len <= elf.rsc_size && ent.len <= ent.avail, "entry bounds");
		if (ent.type == AMP_RSC_VDEV)
			check(ent.len == 4 + 24 + 2 * 20 + 10, "vdev len %u", ent.len);
		n++;
	}
	check(n == 5, "five entries, got %u", n);

	fc = amp_fwcase_find("valid_qcom");
	if (!check(fc && !amp_fwcase_build(fc, 0, &img, buf, sizeof(buf)), "build qcom"))
		return;
	if (!check(!amp_fw_elf_parse(&elf, buf, img.size, &img.lim, NULL), "parse qcom"))
		return;
	check(elf.hash_index == 2 && elf.relocatable && elf.shnum == 0 && !elf.has_rsc,
	      "qcom facts");
	check(!amp_fw_elf_phdr(&elf, 2, &seg) && seg.filesz == 0x80 && seg.type == PT_NULL,
	      "hash segment");
}

/* Rebuild the default image with nphdr program headers at the end of the file. */
static size_t many_phdrs(u8 *buf, size_t cap, bool is64, unsigned int nphdr, bool all_load)
{
	struct amp_eg_layout lay;
	struct amp_eg_desc d;
	size_t ent = is64 ? 56 : 32, phoff;
	unsigned int i;

	amp_eg_default(&d, is64 ? AMP_ELFCLASS64 : AMP_ELFCLASS32, is64);
	if (amp_eg_build(&d, buf, cap, &lay))
		return 0;
	phoff = (lay.size + 7) & ~(size_t)7;
	if (phoff + nphdr * ent > cap)
		return 0;
	memset(buf + phoff, 0, nphdr * ent);
	memcpy(buf + phoff, buf + lay.phoff, 2 * ent);
	lay.phoff = phoff;
	lay.phnum = nphdr;
	amp_eg_set(buf, &lay, AMP_EG_E_PHOFF, 0, phoff);
	amp_eg_set(buf, &lay, AMP_EG_E_PHNUM, 0, nphdr);
	for (i = 2; all_load && i < nphdr; i++) {
		amp_eg_set(buf, &lay, AMP_EG_P_TYPE, i, PT_LOAD);
		amp_eg_set(buf, &lay, AMP_EG_P_PADDR, i, 0x20000000 + 16 * i);
		amp_eg_set(buf, &lay, AMP_EG_P_MEMSZ, i, 16);
	}
	return phoff + nphdr * ent;
}

static void test_phnum_limit(void)
{
	static u8 buf[32768];
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	size_t size;
	int is64;

	for (is64 = 0; is64 < 2; is64++) {
		size = many_phdrs(buf, sizeof(buf), is64, AMP_FW_MAX_PHNUM, true);
		if (!check(size, "build"))
			return;
		check(!amp_fw_elf_parse(&elf, buf, size, NULL, &diag),
		      "256 segments rejected: %s", amp_fw_status_str(diag.status));
		check(elf.nr_load == AMP_FW_MAX_PHNUM, "nr_load %u", elf.nr_load);
		size = many_phdrs(buf, sizeof(buf), is64, AMP_FW_MAX_PHNUM + 1, false);
		check(amp_fw_elf_parse(&elf, buf, size, NULL, &diag) == -E2BIG &&
		      diag.status == AMP_FW_E_PHNUM_MAX, "257 program headers accepted");
	}
}

static size_t one_entry_table(u8 *t, u32 type)
{
	memset(t, 0, 64);
	t[0] = 1;
	t[4] = 1;
	t[16] = 20;
	memcpy(t + 20, &type, 4);
	return 28;
}

static void test_rsc_direct(void)
{
	static const u32 bad[] = { 4, 5, 127, 513, 0x10000, 0xffffffff };
	static const u32 good[] = { 128, 300, 512 };
	struct amp_eg_rsc_layout rl;
	struct amp_eg_rsc_spec s;
	struct amp_fw_diag diag;
	u8 t[512];
	unsigned int i;

	memset(t, 0, sizeof(t));
	t[0] = 1;
	check(!amp_fw_rsc_check(t, 16, &diag), "empty table rejected");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		check(amp_fw_rsc_check(t, one_entry_table(t, bad[i]), &diag) == -EINVAL &&
		      diag.status == AMP_FW_R_TYPE, "type %u accepted", bad[i]);
	for (i = 0; i < ARRAY_SIZE(good); i++)
		check(!amp_fw_rsc_check(t, one_entry_table(t, good[i]), &diag),
		      "vendor type %u rejected", good[i]);

	amp_eg_rsc_std_spec(&s);
	s.vring_num = AMP_RSC_MAX_VRING_NUM;
	s.nr_vrings = AMP_RSC_MAX_VRINGS;
	s.config_len = 3;
	check(!amp_eg_rsc_build(&s, t, sizeof(t), &rl), "build");
	check(!amp_fw_rsc_check(t, rl.size, &diag), "max vrings rejected: %s",
	      amp_fw_status_str(diag.status));
	/* The table may end exactly where the vdev config space ends. */
	check(!amp_fw_rsc_check(t, rl.vdev + 4 + 24 + 8 * 20 + 3, &diag), "tight table rejected");
	check(amp_fw_rsc_check(t, rl.vdev + 4 + 24 + 8 * 20 + 2, &diag) == -EINVAL &&
	      diag.status == AMP_FW_R_VDEV_CONFIG && diag.index == 2, "short config accepted");
	s.vring_num = 2 * AMP_RSC_MAX_VRING_NUM;
	check(!amp_eg_rsc_build(&s, t, sizeof(t), &rl), "build");
	check(amp_fw_rsc_check(t, rl.size, &diag) == -EINVAL && diag.status == AMP_FW_R_VRING_NUM,
	      "vring num 65536 accepted");
	/* A carveout may end exactly at 4 GiB; "any" addresses are not range-checked. */
	amp_eg_rsc_std_spec(&s);
	s.carveout_da = 0xfffff000;
	check(!amp_eg_rsc_build(&s, t, sizeof(t), &rl) && !amp_fw_rsc_check(t, rl.size, &diag),
	      "carveout ending at 4 GiB rejected");
	check(!amp_fw_rsc_check(t, rl.size, NULL), "NULL diag");
	/* Unaligned table in memory: loads must be byte-wise. */
	memmove(t + 1, t, rl.size);
	check(!amp_fw_rsc_check(t + 1, rl.size, &diag), "unaligned table rejected");
}

/* Every mutated image either loads inside its window or is rejected cleanly. */
static void test_mutations(void)
{
	static u8 base[AMP_FWCASE_NR_FORMATS * 16][AMP_FWCASE_IMG_MAX], work[AMP_FWCASE_IMG_MAX];
	static struct amp_fwcase_img imgs[AMP_FWCASE_NR_FORMATS * 16];
	static u8 mem[MEM_WINDOW];
	struct fake_mem fm = { mem, AMP_EG_DA_BASE };
	unsigned int nbase = 0, i, fmt, ok = 0, reached = 0;
	unsigned int hits[AMP_FW_STATUS_COUNT] = { 0 };
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	struct amp_mut m;
	size_t size;
	u8 *exact;
	int ret;

	for (i = 0; i < amp_nr_fwcases; i++)
		for (fmt = 0; fmt < AMP_FWCASE_NR_FORMATS; fmt++)
			if (amp_fwcases[i].status == AMP_FW_OK && nbase < 64 &&
			    !amp_fwcase_build(&amp_fwcases[i], fmt, &imgs[nbase], base[nbase],
					      AMP_FWCASE_IMG_MAX))
				nbase++;
	if (!check(nbase > 20, "only %u base images", nbase))
		return;

	amp_mut_seed(&m, 0x616d70697063ULL);
	for (i = 0; i < MUTATIONS; i++) {
		struct amp_fwcase_img *img = &imgs[i % nbase];

		memcpy(work, base[i % nbase], img->size);
		size = amp_mut_apply(&m, work, img->size, &img->lay);
		/* An allocation of the exact size lets ASan see any overread. */
		exact = malloc(size ? size : 1);
		if (!check(exact != NULL, "out of memory"))
			return;
		memcpy(exact, work, size);
		ret = host_load(exact, size, &img->lim, &fm, &elf, &diag);
		free(exact);
		hits[diag.status]++;
		if (ret == -EINVAL && diag.status == AMP_FW_OK)
			continue;	/* outside the fake window */
		if (!check(ret == amp_fw_status_errno(diag.status),
			   "iteration %u: errno %d, status %d", i, ret, diag.status))
			return;
		if (ret)
			continue;
		ok++;
		if (!check(elf.total_memsz <= img->lim.mem_cap, "iteration %u: cap ignored", i))
			return;
		if (!check(!elf.has_rsc || elf.rsc_offset + elf.rsc_size <= size,
			   "iteration %u: rsc", i))
			return;
	}
	for (i = 0; i < AMP_FW_STATUS_COUNT; i++)
		reached += hits[i] ? 1 : 0;
	printf("# %u mutated images, %u accepted, %u of %u statuses reached\n", MUTATIONS, ok,
	       reached, AMP_FW_STATUS_COUNT);
	if (getenv("AMP_MUT_HISTOGRAM"))
		for (i = 0; i < AMP_FW_STATUS_COUNT; i++)
			printf("#   %6u  %s\n", hits[i], amp_fw_status_str(i));
}

int main(void)
{
	test_cases();
	test_status_table();
	report("status_table");
	test_elfgen_layout();
	report("elfgen_layout");
	test_iterators();
	report("iterators");
	test_phnum_limit();
	report("phnum_limit");
	test_rsc_direct();
	report("rsc_direct");
	test_mutations();
	report("mutations");
	printf("# %u tests, %u failed\n", tests_run, tests_failed);
	return tests_failed ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware validator's test matrix; see fwcases.h.
 *
 * Every case starts from the same image: amp_eg_default() (two segments)
 * carrying the standard resource table (carveout, trace, vdev with two
 * vrings) in segment 0. A prep hook edits the description, a patch hook
 * corrupts exactly one thing in the built image.
 */
#include "fwcases.h"

#define HDR		sizeof(struct amp_rsc_hdr)
#define RSC_SEG_OFF	0x200
#define TOP32		0x100000000ULL

/* Offsets of fields of the standard table's entries, from the table start. */
#define CARVE(c, f)	((c)->rsc_lay.carveout + HDR + offsetof(struct amp_rsc_carveout, f))
#define DEVMEM(c, f)	((c)->rsc_lay.devmem + HDR + offsetof(struct amp_rsc_devmem, f))
#define TRACE(c, f)	((c)->rsc_lay.trace + HDR + offsetof(struct amp_rsc_trace, f))
#define VDEV(c, f)	((c)->rsc_lay.vdev + HDR + offsetof(struct amp_rsc_vdev, f))
#define VRING(c, i, f)	((c)->rsc_lay.vdev + HDR + sizeof(struct amp_rsc_vdev) + \
			 (i) * sizeof(struct amp_rsc_vdev_vring) + \
			 offsetof(struct amp_rsc_vdev_vring, f))

static bool is64(const struct amp_fwcase_img *c)
{
	return c->desc.elf_class == AMP_ELFCLASS64;
}

static void set(struct amp_fwcase_img *c, enum amp_eg_field f, unsigned int i,
		u64 v)
{
	amp_eg_set(c->buf, &c->lay, f, i, v);
}

static u64 get(struct amp_fwcase_img *c, enum amp_eg_field f, unsigned int i)
{
	return amp_eg_get(c->buf, &c->lay, f, i);
}

static void rsc_put(struct amp_fwcase_img *c, size_t off, u32 v)
{
	amp_eg_put(c->buf + c->lay.rsc_off + off, 4, v, false);
}

static unsigned int rsc_sh(const struct amp_fwcase_img *c)
{
	return (unsigned int)c->lay.rsc_shndx;
}

/* ---- prep hooks: valid variations ---- */

static void p_no_rsc(struct amp_fwcase_img *c)
{
	c->with_rsc = false;
}

static void p_bss_only(struct amp_fwcase_img *c)
{
	c->with_rsc = false;
	c->desc.nr_segs = 1;
	c->desc.segs[0] = (struct amp_eg_seg){ AMP_PT_LOAD, 6, AMP_EG_DA_BASE, 0, 0x800, 0 };
}

static void p_full_rsc(struct amp_fwcase_img *c)
{
	c->rsc_spec.devmem = true;
	c->rsc_spec.config_len = 10;
	c->rsc_spec.vendor_type = AMP_RSC_VENDOR_END;
}

static void p_vendor_start(struct amp_fwcase_img *c)
{
	c->rsc_spec.vendor_type = AMP_RSC_VENDOR_START;
}

static void p_qcom(struct amp_fwcase_img *c)
{
	c->with_rsc = false;
	c->desc.no_sections = true;
	c->desc.hash_seg = true;
	c->desc.machine = AMP_EM_QDSP6;
	c->desc.segs[0].flags |= AMP_QCOM_SEG_RELOCATABLE;
}

static void p_et_dyn(struct amp_fwcase_img *c)
{
	c->desc.type = AMP_ET_DYN;
}

static void p_zero_memsz(struct amp_fwcase_img *c)
{
	c->desc.nr_segs = 3;
	c->desc.segs[2] = (struct amp_eg_seg){ AMP_PT_LOAD, 4, AMP_EG_DA_BASE + 0x10, 0, 0, 0 };
}

/* Segments right below the top of the class's device address space. */
static void p_top(struct amp_fwcase_img *c)
{
	u64 top = is64(c) ? 0 : TOP32;

	c->desc.segs[0].da = top - 0x2000;
	c->desc.segs[1].da = top - 0x1000;
	c->desc.segs[1].memsz = 0x1000;
	c->desc.entry = c->desc.segs[0].da;
}

static void p_high_da(struct amp_fwcase_img *c)
{
	c->desc.segs[0].da += 0x500000000ULL;
	c->desc.segs[1].da += 0x500000000ULL;
}

static void p_require_rsc(struct amp_fwcase_img *c)
{
	c->lim.require_rsc = true;
}

static void p_any_machine(struct amp_fwcase_img *c)
{
	c->lim.nr_machines = 0;
	c->desc.machine = 62;
}

static void p_extra_sect(struct amp_fwcase_img *c)
{
	c->desc.nr_sects = 2;
	c->desc.sects[0] = (struct amp_eg_sect){ ".data", AMP_SHT_PROGBITS,
						 AMP_EG_DA_BASE + 0x1000, 16, 0x22 };
	c->desc.sects[1] = (struct amp_eg_sect){ ".bss", AMP_SHT_NOBITS,
						 AMP_EG_DA_BASE + 0x1100, 0x200, 0 };
}

static void p_dup_rsc(struct amp_fwcase_img *c)
{
	c->desc.nr_sects = 1;
	c->desc.sects[0] = (struct amp_eg_sect){ ".resource_table", AMP_SHT_PROGBITS,
						 AMP_EG_DA_BASE + 0x1000, 16, 0 };
}

static void p_mem_cap(struct amp_fwcase_img *c)
{
	c->lim.mem_cap = 0x500;
}

static void p_require_missing(struct amp_fwcase_img *c)
{
	c->with_rsc = false;
	c->lim.require_rsc = true;
}

static void p_devmem(struct amp_fwcase_img *c)
{
	c->rsc_spec.devmem = true;
}

/* ---- patch hooks: valid variations ---- */

static void v_shstrndx_undef(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_SHSTRNDX, 0, 0);
}

/* ---- patch hooks: ELF header ---- */

static void x_ident_trunc(struct amp_fwcase_img *c)
{
	c->size = 10;
}

static void x_magic(struct amp_fwcase_img *c)
{
	c->buf[1] = 'e';
}

static void x_class(struct amp_fwcase_img *c)
{
	c->buf[4] = 3;
}

static void x_data(struct amp_fwcase_img *c)
{
	c->buf[5] = 0;
}

static void x_ident_version(struct amp_fwcase_img *c)
{
	c->buf[6] = 2;
}

static void x_ehdr_trunc(struct amp_fwcase_img *c)
{
	c->size = is64(c) ? 63 : 51;
}

static void x_type(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_TYPE, 0, 1);
}

static void x_machine(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_MACHINE, 0, 62);
}

static void x_version(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_VERSION, 0, 0);
}

static void x_ehsize(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_EHSIZE, 0, is64(c) ? 52 : 64);
}

static void x_phentsize(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_PHENTSIZE, 0, is64(c) ? 32 : 56);
}

static void x_phnum_zero(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_PHNUM, 0, 0);
}

static void x_phnum_xnum(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_PHNUM, 0, AMP_PN_XNUM);
}

static void x_phnum_max(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_PHNUM, 0, AMP_FW_MAX_PHNUM + 1);
}

static void x_phoff(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_PHOFF, 0, c->size - 8);
}

/* ---- patch hooks: sections ---- */

static void x_shentsize(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_SHENTSIZE, 0, get(c, AMP_EG_E_SHENTSIZE, 0) + 8);
}

static void x_shoff(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_SHOFF, 0, c->size - 8);
}

static void x_shstrndx(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_E_SHSTRNDX, 0, c->lay.shnum);
}

static void x_shstrtab_type(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_TYPE, c->lay.shstrndx, AMP_SHT_PROGBITS);
}

static void x_shstrtab_nul(struct amp_fwcase_img *c)
{
	c->buf[c->lay.shstrtab_off + c->lay.shstrtab_size - 1] = 'x';
}

static void x_sh_data(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_OFFSET, c->lay.sect_shndx[0], c->size - 8);
}

static void x_sh_name(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_NAME, rsc_sh(c), c->lay.shstrtab_size);
}

/* ---- patch hooks: segments ---- */

static void x_ph_data(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_OFFSET, 0, c->size - 0x100);
}

static void x_ph_filesz(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_MEMSZ, 1, 0x80);
}

static void x_ph_wrap(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_PADDR, 1, (is64(c) ? 0 : TOP32) - 0x100);
}

static void x_ph_overlap(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_PADDR, 1, AMP_EG_DA_BASE + 0x3f0);
}

static void x_hash_dup(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_FLAGS, 1, (u32)AMP_QCOM_SEG_TYPE_HASH << 24);
}

static void x_no_load(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_P_TYPE, 0, 4);
	set(c, AMP_EG_P_TYPE, 1, 4);
}

/* ---- patch hooks: the .resource_table section ---- */

static void x_rsc_nobits(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_TYPE, rsc_sh(c), AMP_SHT_NOBITS);
}

static void x_rsc_not_loaded(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_ADDR, rsc_sh(c), get(c, AMP_EG_SH_ADDR, rsc_sh(c)) + 4);
}

static void x_rsc_trunc(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_SIZE, rsc_sh(c), 12);
}

/* ---- patch hooks: resource table contents ---- */

static void x_rsc_ver(struct amp_fwcase_img *c)
{
	rsc_put(c, offsetof(struct amp_rsc_table, ver), 2);
}

static void x_rsc_reserved(struct amp_fwcase_img *c)
{
	rsc_put(c, offsetof(struct amp_rsc_table, reserved) + 4, 1);
}

static void x_rsc_num_max(struct amp_fwcase_img *c)
{
	rsc_put(c, offsetof(struct amp_rsc_table, num), AMP_RSC_MAX_ENTRIES + 1);
}

static void x_rsc_offsets(struct amp_fwcase_img *c)
{
	rsc_put(c, offsetof(struct amp_rsc_table, num), 100);
}

static void x_rsc_offset_range(struct amp_fwcase_img *c)
{
	rsc_put(c, sizeof(struct amp_rsc_table), (u32)c->rsc_lay.size);
}

static void x_rsc_offset_align(struct amp_fwcase_img *c)
{
	rsc_put(c, sizeof(struct amp_rsc_table), (u32)c->rsc_lay.carveout + 2);
}

static void x_rsc_type(struct amp_fwcase_img *c)
{
	rsc_put(c, c->rsc_lay.carveout, AMP_RSC_LAST);
}

static void x_rsc_entry_trunc(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_SIZE, rsc_sh(c), c->rsc_lay.vdev + 20);
}

static void x_rsc_name(struct amp_fwcase_img *c)
{
	unsigned int i;

	for (i = 0; i < AMP_RSC_NAME_LEN; i++)
		c->buf[c->lay.rsc_off + CARVE(c, name) + i] = 'A';
}

static void x_carveout_reserved(struct amp_fwcase_img *c)
{
	rsc_put(c, CARVE(c, reserved), 1);
}

static void x_carveout_len(struct amp_fwcase_img *c)
{
	rsc_put(c, CARVE(c, len), 0);
}

static void x_carveout_wrap(struct amp_fwcase_img *c)
{
	rsc_put(c, CARVE(c, da), 0xfffff800);
}

static void x_devmem_reserved(struct amp_fwcase_img *c)
{
	rsc_put(c, DEVMEM(c, reserved), 0x80000000);
}

static void x_devmem_len(struct amp_fwcase_img *c)
{
	rsc_put(c, DEVMEM(c, len), 0);
}

static void x_devmem_wrap(struct amp_fwcase_img *c)
{
	rsc_put(c, DEVMEM(c, da), 0xfffffff0);
}

static void x_trace_len(struct amp_fwcase_img *c)
{
	rsc_put(c, TRACE(c, len), 0);
}

static void x_trace_wrap(struct amp_fwcase_img *c)
{
	rsc_put(c, TRACE(c, da), 0xffffff00);
}

static void x_vdev_vrings(struct amp_fwcase_img *c)
{
	c->buf[c->lay.rsc_off + VDEV(c, num_of_vrings)] = AMP_RSC_MAX_VRINGS + 1;
}

static void x_vdev_reserved(struct amp_fwcase_img *c)
{
	c->buf[c->lay.rsc_off + VDEV(c, reserved) + 1] = 1;
}

static void x_vdev_vring_trunc(struct amp_fwcase_img *c)
{
	set(c, AMP_EG_SH_SIZE, rsc_sh(c),
	    c->rsc_lay.vdev + HDR + sizeof(struct amp_rsc_vdev) +
	    sizeof(struct amp_rsc_vdev_vring));
}

static void x_vdev_config(struct amp_fwcase_img *c)
{
	rsc_put(c, VDEV(c, config_len), 1000);
}

static void x_vring_num(struct amp_fwcase_img *c)
{
	rsc_put(c, VRING(c, 1, num), 3);
}

static void x_vring_align(struct amp_fwcase_img *c)
{
	rsc_put(c, VRING(c, 0, align), 0);
}

#define OK(n, f, pr, pa)	{ #n, AMP_FW_OK, 0, f, pr, pa }
#define BAD(n, st, e, pr, pa)	{ #n, st, e, AMP_FWCASE_ALL, pr, pa }

const struct amp_fwcase amp_fwcases[] = {
	OK(valid_std, AMP_FWCASE_ALL, NULL, NULL),
	OK(valid_no_rsc, AMP_FWCASE_ALL, p_no_rsc, NULL),
	OK(valid_bss_only, AMP_FWCASE_ALL, p_bss_only, NULL),
	OK(valid_full_rsc, AMP_FWCASE_ALL, p_full_rsc, NULL),
	OK(valid_vendor_start, AMP_FWCASE_ALL, p_vendor_start, NULL),
	OK(valid_qcom, AMP_FWCASE_ALL, p_qcom, NULL),
	OK(valid_et_dyn, AMP_FWCASE_ALL, p_et_dyn, NULL),
	OK(valid_zero_memsz, AMP_FWCASE_ALL, p_zero_memsz, NULL),
	OK(valid_top_of_space, AMP_FWCASE_ALL, p_top, NULL),
	OK(valid_high_da, AMP_FWCASE_ELF64, p_high_da, NULL),
	OK(valid_require_rsc, AMP_FWCASE_ALL, p_require_rsc, NULL),
	OK(valid_any_machine, AMP_FWCASE_ALL, p_any_machine, NULL),
	OK(valid_extra_sections, AMP_FWCASE_ALL, p_extra_sect, NULL),
	OK(valid_shstrndx_undef, AMP_FWCASE_ALL, NULL, v_shstrndx_undef),

	BAD(e_ident_trunc, AMP_FW_E_IDENT_TRUNC, -ENOEXEC, NULL, x_ident_trunc),
	BAD(e_magic, AMP_FW_E_MAGIC, -ENOEXEC, NULL, x_magic),
	BAD(e_class, AMP_FW_E_CLASS, -ENOEXEC, NULL, x_class),
	BAD(e_data, AMP_FW_E_DATA, -ENOEXEC, NULL, x_data),
	BAD(e_ident_version, AMP_FW_E_IDENT_VERSION, -ENOEXEC, NULL, x_ident_version),
	BAD(e_ehdr_trunc, AMP_FW_E_EHDR_TRUNC, -ENOEXEC, NULL, x_ehdr_trunc),
	BAD(e_type, AMP_FW_E_TYPE, -ENOEXEC, NULL, x_type),
	BAD(e_machine, AMP_FW_E_MACHINE, -ENOEXEC, NULL, x_machine),
	BAD(e_version, AMP_FW_E_VERSION, -ENOEXEC, NULL, x_version),
	BAD(e_ehsize, AMP_FW_E_EHSIZE, -ENOEXEC, NULL, x_ehsize),
	BAD(e_phentsize, AMP_FW_E_PHENTSIZE, -ENOEXEC, NULL, x_phentsize),
	BAD(e_phnum_zero, AMP_FW_E_PHNUM_ZERO, -ENOEXEC, NULL, x_phnum_zero),
	BAD(e_phnum_xnum, AMP_FW_E_PHNUM_XNUM, -ENOEXEC, NULL, x_phnum_xnum),
	BAD(e_phnum_max, AMP_FW_E_PHNUM_MAX, -E2BIG, NULL, x_phnum_max),
	BAD(e_phoff, AMP_FW_E_PHOFF, -ENOEXEC, NULL, x_phoff),
	BAD(e_shentsize, AMP_FW_E_SHENTSIZE, -ENOEXEC, NULL, x_shentsize),
	BAD(e_shoff, AMP_FW_E_SHOFF, -ENOEXEC, NULL, x_shoff),
	BAD(e_shstrndx, AMP_FW_E_SHSTRNDX, -ENOEXEC, NULL, x_shstrndx),
	BAD(e_shstrtab_type, AMP_FW_E_SHSTRTAB_TYPE, -ENOEXEC, NULL, x_shstrtab_type),
	BAD(e_shstrtab_nul, AMP_FW_E_SHSTRTAB_NUL, -ENOEXEC, NULL, x_shstrtab_nul),
	BAD(e_sh_data, AMP_FW_E_SH_DATA, -ENOEXEC, p_extra_sect, x_sh_data),
	BAD(e_sh_name, AMP_FW_E_SH_NAME, -ENOEXEC, NULL, x_sh_name),
	BAD(e_ph_data, AMP_FW_E_PH_DATA, -ENOEXEC, NULL, x_ph_data),
	BAD(e_ph_filesz, AMP_FW_E_PH_FILESZ, -ENOEXEC, NULL, x_ph_filesz),
	BAD(e_ph_wrap, AMP_FW_E_PH_WRAP, -ENOEXEC, NULL, x_ph_wrap),
	BAD(e_ph_overlap, AMP_FW_E_PH_OVERLAP, -ENOEXEC, NULL, x_ph_overlap),
	BAD(e_hash_dup, AMP_FW_E_HASH_DUP, -ENOEXEC, p_qcom, x_hash_dup),
	BAD(e_no_load, AMP_FW_E_NO_LOAD, -ENOEXEC, NULL, x_no_load),
	BAD(e_mem_cap, AMP_FW_E_MEM_CAP, -EFBIG, p_mem_cap, NULL),
	BAD(e_rsc_missing, AMP_FW_E_RSC_MISSING, -ENOENT, p_require_missing, NULL),
	BAD(e_rsc_dup, AMP_FW_E_RSC_DUP, -ENOEXEC, p_dup_rsc, NULL),
	BAD(e_rsc_nobits, AMP_FW_E_RSC_NOBITS, -ENOEXEC, NULL, x_rsc_nobits),
	BAD(e_rsc_not_loaded, AMP_FW_E_RSC_NOT_LOADED, -ENOEXEC, NULL, x_rsc_not_loaded),

	BAD(r_trunc, AMP_FW_R_TRUNC, -EINVAL, NULL, x_rsc_trunc),
	BAD(r_ver, AMP_FW_R_VER, -EINVAL, NULL, x_rsc_ver),
	BAD(r_reserved, AMP_FW_R_RESERVED, -EINVAL, NULL, x_rsc_reserved),
	BAD(r_num_max, AMP_FW_R_NUM_MAX, -E2BIG, NULL, x_rsc_num_max),
	BAD(r_offsets, AMP_FW_R_OFFSETS, -EINVAL, NULL, x_rsc_offsets),
	BAD(r_offset_range, AMP_FW_R_OFFSET_RANGE, -EINVAL, NULL, x_rsc_offset_range),
	BAD(r_offset_align, AMP_FW_R_OFFSET_ALIGN, -EINVAL, NULL, x_rsc_offset_align),
	BAD(r_type, AMP_FW_R_TYPE, -EINVAL, NULL, x_rsc_type),
	BAD(r_entry_trunc, AMP_FW_R_ENTRY_TRUNC, -EINVAL, NULL, x_rsc_entry_trunc),
	BAD(r_name, AMP_FW_R_NAME, -EINVAL, NULL, x_rsc_name),
	BAD(r_carveout_reserved, AMP_FW_R_CARVEOUT_RESERVED, -EINVAL, NULL, x_carveout_reserved),
	BAD(r_carveout_len, AMP_FW_R_CARVEOUT_LEN, -EINVAL, NULL, x_carveout_len),
	BAD(r_carveout_wrap, AMP_FW_R_CARVEOUT_WRAP, -EINVAL, NULL, x_carveout_wrap),
	BAD(r_devmem_reserved, AMP_FW_R_DEVMEM_RESERVED, -EINVAL, p_devmem, x_devmem_reserved),
	BAD(r_devmem_len, AMP_FW_R_DEVMEM_LEN, -EINVAL, p_devmem, x_devmem_len),
	BAD(r_devmem_wrap, AMP_FW_R_DEVMEM_WRAP, -EINVAL, p_devmem, x_devmem_wrap),
	BAD(r_trace_len, AMP_FW_R_TRACE_LEN, -EINVAL, NULL, x_trace_len),
	BAD(r_trace_wrap, AMP_FW_R_TRACE_WRAP, -EINVAL, NULL, x_trace_wrap),
	BAD(r_vdev_vrings, AMP_FW_R_VDEV_VRINGS, -EINVAL, NULL, x_vdev_vrings),
	BAD(r_vdev_reserved, AMP_FW_R_VDEV_RESERVED, -EINVAL, NULL, x_vdev_reserved),
	BAD(r_vdev_vring_trunc, AMP_FW_R_VDEV_VRING_TRUNC, -EINVAL, NULL, x_vdev_vring_trunc),
	BAD(r_vdev_config, AMP_FW_R_VDEV_CONFIG, -EINVAL, NULL, x_vdev_config),
	BAD(r_vring_num, AMP_FW_R_VRING_NUM, -EINVAL, NULL, x_vring_num),
	BAD(r_vring_align, AMP_FW_R_VRING_ALIGN, -EINVAL, NULL, x_vring_align),
};

const unsigned int amp_nr_fwcases = ARRAY_SIZE(amp_fwcases);

static bool name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/**
 * amp_fwcase_find() - look a case up by name
 * @name: case name
 *
 * Return: the case, or NULL.
 */
const struct amp_fwcase *amp_fwcase_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < amp_nr_fwcases; i++)
		if (name_eq(amp_fwcases[i].name, name))
			return &amp_fwcases[i];
	return NULL;
}

/**
 * amp_fwcase_format_name() - short name of an image format
 * @format: format number, 0 to %AMP_FWCASE_NR_FORMATS - 1
 *
 * Return: "elf32le", "elf32be", "elf64le" or "elf64be".
 */
const char *amp_fwcase_format_name(unsigned int format)
{
	static const char *const names[AMP_FWCASE_NR_FORMATS] = {
		"elf32le", "elf32be", "elf64le", "elf64be",
	};

	return format < AMP_FWCASE_NR_FORMATS ? names[format] : "?";
}

/**
 * amp_fwcase_build() - build the image of a case
 * @fc: the case
 * @format: format number, 0 to %AMP_FWCASE_NR_FORMATS - 1 (bit of
 *	@fc->formats)
 * @img: filled with the image, its layout and the limits to check it with
 * @buf: image storage, at least %AMP_FWCASE_IMG_MAX bytes
 * @cap: size of @buf
 *
 * Return: 0, or a negative errno if the case does not apply to @format or
 * the image cannot be built.
 */
int amp_fwcase_build(const struct amp_fwcase *fc, unsigned int format,
		     struct amp_fwcase_img *img, u8 *buf, size_t cap)
{
	static const u16 machines[] = { AMP_EM_ARM, AMP_EM_AARCH64, AMP_EM_QDSP6 };
	unsigned int i;
	int ret;

	if (format >= AMP_FWCASE_NR_FORMATS || !(fc->formats & (1U << format)))
		return -EINVAL;

	*img = (struct amp_fwcase_img){ .with_rsc = true, .buf = buf };
	amp_eg_default(&img->desc, format < 2 ? AMP_ELFCLASS32 : AMP_ELFCLASS64,
		       format & 1);
	amp_eg_rsc_std_spec(&img->rsc_spec);
	for (i = 0; i < 3; i++)
		img->machines[i] = machines[i];
	img->lim = (struct amp_fw_limits){
		.machines = img->machines,
		.nr_machines = 3,
		.mem_cap = AMP_FWCASE_MEM_CAP,
	};
	if (fc->prep)
		fc->prep(img);

	if (img->with_rsc) {
		ret = amp_eg_rsc_build(&img->rsc_spec, img->rsc, sizeof(img->rsc),
				       &img->rsc_lay);
		if (ret)
			return ret;
		img->desc.rsc = img->rsc;
		img->desc.rsc_size = img->rsc_lay.size;
		img->desc.rsc_seg = 0;
		img->desc.rsc_seg_off = RSC_SEG_OFF;
	}
	ret = amp_eg_build(&img->desc, buf, cap, &img->lay);
	if (ret)
		return ret;
	img->size = img->lay.size;
	if (fc->patch)
		fc->patch(img);
	return 0;
}

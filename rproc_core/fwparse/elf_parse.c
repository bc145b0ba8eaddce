// SPDX-License-Identifier: GPL-2.0
/*
 * ELF firmware image validation.
 *
 * Freestanding: compiled unchanged into amp_rproc.ko and the host tools, so
 * it calls no kernel or libc function. Every field is read byte by byte in
 * the image's byte order; every offset and size taken from the image is
 * bounds-checked against the file size before it is used, with arithmetic
 * that cannot overflow.
 */
#include "fwparse_priv.h"

#define AMP_EI_NIDENT		16
#define AMP_EI_CLASS		4
#define AMP_EI_DATA		5
#define AMP_EI_VERSION		6

#define AMP_EHDR32_SIZE		52
#define AMP_EHDR64_SIZE		64
#define AMP_PHDR32_SIZE		32
#define AMP_PHDR64_SIZE		56
#define AMP_SHDR32_SIZE		40
#define AMP_SHDR64_SIZE		64

#define AMP_U64_MAX		(~(u64)0)
#define AMP_U32_MAX		0xffffffffULL

static const char amp_rsc_section_name[] = ".resource_table";

/* Where a header field lives: byte offset and width, for each class. */
struct amp_elf_field {
	u8 off32;
	u8 len32;
	u8 off64;
	u8 len64;
};

enum {
	EH_TYPE, EH_MACHINE, EH_VERSION, EH_ENTRY, EH_PHOFF, EH_SHOFF, EH_FLAGS,
	EH_EHSIZE, EH_PHENTSIZE, EH_PHNUM, EH_SHENTSIZE, EH_SHNUM, EH_SHSTRNDX,
	EH_NR
};

static const struct amp_elf_field amp_ehdr_fields[EH_NR] = {
	[EH_TYPE]	= { 16, 2, 16, 2 },
	[EH_MACHINE]	= { 18, 2, 18, 2 },
	[EH_VERSION]	= { 20, 4, 20, 4 },
	[EH_ENTRY]	= { 24, 4, 24, 8 },
	[EH_PHOFF]	= { 28, 4, 32, 8 },
	[EH_SHOFF]	= { 32, 4, 40, 8 },
	[EH_FLAGS]	= { 36, 4, 48, 4 },
	[EH_EHSIZE]	= { 40, 2, 52, 2 },
	[EH_PHENTSIZE]	= { 42, 2, 54, 2 },
	[EH_PHNUM]	= { 44, 2, 56, 2 },
	[EH_SHENTSIZE]	= { 46, 2, 58, 2 },
	[EH_SHNUM]	= { 48, 2, 60, 2 },
	[EH_SHSTRNDX]	= { 50, 2, 62, 2 },
};

enum { PH_TYPE, PH_FLAGS, PH_OFFSET, PH_PADDR, PH_FILESZ, PH_MEMSZ, PH_NR };

static const struct amp_elf_field amp_phdr_fields[PH_NR] = {
	[PH_TYPE]	= { 0, 4, 0, 4 },
	[PH_FLAGS]	= { 24, 4, 4, 4 },
	[PH_OFFSET]	= { 4, 4, 8, 8 },
	[PH_PADDR]	= { 12, 4, 24, 8 },
	[PH_FILESZ]	= { 16, 4, 32, 8 },
	[PH_MEMSZ]	= { 20, 4, 40, 8 },
};

enum { SH_NAME, SH_TYPE, SH_ADDR, SH_OFFSET, SH_SIZE, SH_NR };

static const struct amp_elf_field amp_shdr_fields[SH_NR] = {
	[SH_NAME]	= { 0, 4, 0, 4 },
	[SH_TYPE]	= { 4, 4, 4, 4 },
	[SH_ADDR]	= { 12, 4, 16, 8 },
	[SH_OFFSET]	= { 16, 4, 24, 8 },
	[SH_SIZE]	= { 20, 4, 32, 8 },
};

static bool amp_elf_is64(const struct amp_fw_elf *elf)
{
	return elf->elf_class == AMP_ELFCLASS64;
}

/* Read a field of the structure at file offset base (already bounds-checked). */
static u64 amp_elf_get(const struct amp_fw_elf *elf, u64 base,
		       const struct amp_elf_field *f)
{
	if (amp_elf_is64(elf))
		return amp_fw_load(elf->data + base + f->off64, f->len64,
				   elf->big_endian);
	return amp_fw_load(elf->data + base + f->off32, f->len32,
			   elf->big_endian);
}

static bool amp_elf_is_hash(u32 flags)
{
	return AMP_QCOM_SEG_TYPE(flags) == AMP_QCOM_SEG_TYPE_HASH;
}

static bool amp_elf_machine_ok(u16 machine, const struct amp_fw_limits *lim)
{
	unsigned int i;

	if (!lim->nr_machines)
		return true;
	for (i = 0; i < lim->nr_machines; i++)
		if (lim->machines[i] == machine)
			return true;
	return false;
}

static int amp_elf_check_ident(struct amp_fw_elf *elf, struct amp_fw_diag *diag)
{
	const u8 *id = elf->data;
	u8 ehsize;

	if (elf->size < AMP_EI_NIDENT)
		return amp_fw_fail(diag, AMP_FW_E_IDENT_TRUNC, 0, elf->size);
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return amp_fw_fail(diag, AMP_FW_E_MAGIC, 0, amp_fw_load(id, 4, true));
	if (id[AMP_EI_CLASS] != AMP_ELFCLASS32 && id[AMP_EI_CLASS] != AMP_ELFCLASS64)
		return amp_fw_fail(diag, AMP_FW_E_CLASS, 0, id[AMP_EI_CLASS]);
	if (id[AMP_EI_DATA] != AMP_ELFDATA2LSB && id[AMP_EI_DATA] != AMP_ELFDATA2MSB)
		return amp_fw_fail(diag, AMP_FW_E_DATA, 0, id[AMP_EI_DATA]);
	if (id[AMP_EI_VERSION] != AMP_EV_CURRENT)
		return amp_fw_fail(diag, AMP_FW_E_IDENT_VERSION, 0, id[AMP_EI_VERSION]);

	elf->elf_class = id[AMP_EI_CLASS];
	elf->big_endian = id[AMP_EI_DATA] == AMP_ELFDATA2MSB;
	ehsize = amp_elf_is64(elf) ? AMP_EHDR64_SIZE : AMP_EHDR32_SIZE;
	if (elf->size < ehsize)
		return amp_fw_fail(diag, AMP_FW_E_EHDR_TRUNC, 0, elf->size);
	return 0;
}

static int amp_elf_check_ehdr(struct amp_fw_elf *elf,
			      const struct amp_fw_limits *lim,
			      struct amp_fw_diag *diag)
{
	const struct amp_elf_field *f = amp_ehdr_fields;
	bool is64 = amp_elf_is64(elf);
	u64 version, phoff, ehsize, phentsize, phnum;

	elf->type = (u16)amp_elf_get(elf, 0, &f[EH_TYPE]);
	elf->machine = (u16)amp_elf_get(elf, 0, &f[EH_MACHINE]);
	elf->entry = amp_elf_get(elf, 0, &f[EH_ENTRY]);
	elf->flags = (u32)amp_elf_get(elf, 0, &f[EH_FLAGS]);
	version = amp_elf_get(elf, 0, &f[EH_VERSION]);
	ehsize = amp_elf_get(elf, 0, &f[EH_EHSIZE]);
	phoff = amp_elf_get(elf, 0, &f[EH_PHOFF]);
	phentsize = amp_elf_get(elf, 0, &f[EH_PHENTSIZE]);
	phnum = amp_elf_get(elf, 0, &f[EH_PHNUM]);

	if (elf->type != AMP_ET_EXEC && elf->type != AMP_ET_DYN)
		return amp_fw_fail(diag, AMP_FW_E_TYPE, 0, elf->type);
	if (!amp_elf_machine_ok(elf->machine, lim))
		return amp_fw_fail(diag, AMP_FW_E_MACHINE, 0, elf->machine);
	if (version != AMP_EV_CURRENT)
		return amp_fw_fail(diag, AMP_FW_E_VERSION, 0, version);
	if (ehsize != (is64 ? AMP_EHDR64_SIZE : AMP_EHDR32_SIZE))
		return amp_fw_fail(diag, AMP_FW_E_EHSIZE, 0, ehsize);
	if (phentsize != (is64 ? AMP_PHDR64_SIZE : AMP_PHDR32_SIZE))
		return amp_fw_fail(diag, AMP_FW_E_PHENTSIZE, 0, phentsize);
	if (!phnum)
		return amp_fw_fail(diag, AMP_FW_E_PHNUM_ZERO, 0, 0);
	if (phnum == AMP_PN_XNUM)
		return amp_fw_fail(diag, AMP_FW_E_PHNUM_XNUM, 0, phnum);
	if (phnum > AMP_FW_MAX_PHNUM)
		return amp_fw_fail(diag, AMP_FW_E_PHNUM_MAX, 0, phnum);
	if (!amp_fw_in_bounds(phoff, phnum * phentsize, elf->size))
		return amp_fw_fail(diag, AMP_FW_E_PHOFF, 0, phoff);

	elf->phoff = phoff;
	elf->phentsize = (u16)phentsize;
	elf->phnum = (u16)phnum;
	elf->shoff = amp_elf_get(elf, 0, &f[EH_SHOFF]);
	elf->shentsize = (u16)amp_elf_get(elf, 0, &f[EH_SHENTSIZE]);
	elf->shnum = (u16)amp_elf_get(elf, 0, &f[EH_SHNUM]);
	elf->shstrndx = (u16)amp_elf_get(elf, 0, &f[EH_SHSTRNDX]);
	return 0;
}

/* Does the NUL-terminated string at s (at most max bytes) equal name? */
static bool amp_elf_name_is(const u8 *s, u64 max, const char *name)
{
	u64 i;

	for (i = 0; i < max; i++) {
		if (s[i] != (u8)name[i])
			return false;
		if (!s[i])
			return true;
	}
	return false;
}

static int amp_elf_check_strtab(const struct amp_fw_elf *elf,
				struct amp_fw_diag *diag, u64 *off, u64 *size)
{
	const struct amp_elf_field *f = amp_shdr_fields;
	u64 base, type;

	*off = 0;
	*size = 0;
	if (elf->shstrndx == 0)
		return 0;
	if (elf->shstrndx >= elf->shnum)
		return amp_fw_fail(diag, AMP_FW_E_SHSTRNDX, 0, elf->shstrndx);

	base = elf->shoff + (u64)elf->shstrndx * elf->shentsize;
	type = amp_elf_get(elf, base, &f[SH_TYPE]);
	*off = amp_elf_get(elf, base, &f[SH_OFFSET]);
	*size = amp_elf_get(elf, base, &f[SH_SIZE]);
	if (type != AMP_SHT_STRTAB)
		return amp_fw_fail(diag, AMP_FW_E_SHSTRTAB_TYPE, elf->shstrndx, type);
	if (!amp_fw_in_bounds(*off, *size, elf->size))
		return amp_fw_fail(diag, AMP_FW_E_SH_DATA, elf->shstrndx, *off);
	/* A terminated table makes every in-range sh_name a terminated string. */
	if (!*size || elf->data[*off + *size - 1])
		return amp_fw_fail(diag, AMP_FW_E_SHSTRTAB_NUL, elf->shstrndx, *size);
	return 0;
}

/*
 * Validate the section header table, if any, and find ".resource_table".
 * Images without section headers (e_shnum == 0, as Qualcomm ships them) are
 * valid: e_shoff, e_shentsize and e_shstrndx are then ignored.
 */
static int amp_elf_check_sections(struct amp_fw_elf *elf,
				  struct amp_fw_diag *diag, bool *found)
{
	const struct amp_elf_field *f = amp_shdr_fields;
	u64 entsize = amp_elf_is64(elf) ? AMP_SHDR64_SIZE : AMP_SHDR32_SIZE;
	u64 str_off, str_size, base, name, type, off, size;
	unsigned int i;
	int ret;

	*found = false;
	if (!elf->shnum)
		return 0;
	if (elf->shentsize != entsize)
		return amp_fw_fail(diag, AMP_FW_E_SHENTSIZE, 0, elf->shentsize);
	if (!amp_fw_in_bounds(elf->shoff, elf->shnum * entsize, elf->size))
		return amp_fw_fail(diag, AMP_FW_E_SHOFF, 0, elf->shoff);
	ret = amp_elf_check_strtab(elf, diag, &str_off, &str_size);
	if (ret)
		return ret;

	for (i = 0; i < elf->shnum; i++) {
		base = elf->shoff + i * entsize;
		type = amp_elf_get(elf, base, &f[SH_TYPE]);
		off = amp_elf_get(elf, base, &f[SH_OFFSET]);
		size = amp_elf_get(elf, base, &f[SH_SIZE]);
		/* SHT_NULL headers are inactive; their other members mean nothing. */
		if (type != AMP_SHT_NULL && type != AMP_SHT_NOBITS &&
		    !amp_fw_in_bounds(off, size, elf->size))
			return amp_fw_fail(diag, AMP_FW_E_SH_DATA, i, off);
		if (!str_size)
			continue;

		name = amp_elf_get(elf, base, &f[SH_NAME]);
		if (name >= str_size)
			return amp_fw_fail(diag, AMP_FW_E_SH_NAME, i, name);
		if (!amp_elf_name_is(elf->data + str_off + name, str_size - name,
				     amp_rsc_section_name))
			continue;
		if (*found)
			return amp_fw_fail(diag, AMP_FW_E_RSC_DUP, i, name);
		if (type == AMP_SHT_NOBITS)
			return amp_fw_fail(diag, AMP_FW_E_RSC_NOBITS, i, type);
		if (!amp_fw_in_bounds(off, size, elf->size))
			return amp_fw_fail(diag, AMP_FW_E_SH_DATA, i, off);
		*found = true;
		elf->rsc_shndx = (u16)i;
		elf->rsc_offset = (size_t)off;
		elf->rsc_size = (size_t)size;
		elf->rsc_da = amp_elf_get(elf, base, &f[SH_ADDR]);
	}
	return 0;
}

static bool amp_elf_overlap(const struct amp_fw_seg *a, const struct amp_fw_seg *b)
{
	/* Both are non-empty and already known not to wrap. */
	return a->da <= b->da + (b->memsz - 1) && b->da <= a->da + (a->memsz - 1);
}

static bool amp_elf_loadable(const struct amp_fw_seg *seg)
{
	return seg->type == AMP_PT_LOAD && !amp_elf_is_hash(seg->flags) &&
	       seg->memsz;
}

/*
 * Overlap check: each loadable segment against every earlier one. This is
 * quadratic in e_phnum, which is capped at AMP_FW_MAX_PHNUM (at most about
 * 32k comparisons).
 */
static int amp_elf_check_overlap(const struct amp_fw_elf *elf,
				 const struct amp_fw_seg *seg,
				 struct amp_fw_diag *diag)
{
	struct amp_fw_seg prev;
	unsigned int j;

	for (j = 0; j < seg->index; j++) {
		/* Cannot fail: the program header table is inside the file. */
		if (amp_fw_elf_phdr(elf, j, &prev))
			break;
		if (amp_elf_loadable(&prev) && amp_elf_overlap(seg, &prev))
			return amp_fw_fail(diag, AMP_FW_E_PH_OVERLAP, seg->index,
					   seg->da);
	}
	return 0;
}

static int amp_elf_check_segments(struct amp_fw_elf *elf,
				  const struct amp_fw_limits *lim,
				  struct amp_fw_diag *diag)
{
	u64 last_da = amp_elf_is64(elf) ? AMP_U64_MAX : AMP_U32_MAX;
	struct amp_fw_seg seg;
	unsigned int i;
	int ret;

	for (i = 0; i < elf->phnum; i++) {
		if (amp_fw_elf_phdr(elf, i, &seg))
			return amp_fw_fail(diag, AMP_FW_E_PHOFF, i, elf->phoff);
		if (seg.type != AMP_PT_LOAD && !amp_elf_is_hash(seg.flags))
			continue;
		if (seg.filesz && !amp_fw_in_bounds(seg.offset, seg.filesz, elf->size))
			return amp_fw_fail(diag, AMP_FW_E_PH_DATA, i, seg.offset);
		if (amp_elf_is_hash(seg.flags)) {
			/* The hash segment is metadata for the secure world. */
			if (elf->hash_index >= 0)
				return amp_fw_fail(diag, AMP_FW_E_HASH_DUP, i, seg.flags);
			elf->hash_index = (int)i;
			continue;
		}
		if (seg.filesz > seg.memsz)
			return amp_fw_fail(diag, AMP_FW_E_PH_FILESZ, i, seg.filesz);
		if (!seg.memsz)
			continue;
		if (seg.memsz - 1 > last_da - seg.da)
			return amp_fw_fail(diag, AMP_FW_E_PH_WRAP, i, seg.da);
		ret = amp_elf_check_overlap(elf, &seg, diag);
		if (ret)
			return ret;

		if (seg.flags & AMP_QCOM_SEG_RELOCATABLE)
			elf->relocatable = true;
		elf->nr_load++;
		if (seg.memsz > AMP_U64_MAX - elf->total_memsz)
			elf->total_memsz = AMP_U64_MAX;
		else
			elf->total_memsz += seg.memsz;
		if (lim->mem_cap && elf->total_memsz > lim->mem_cap)
			return amp_fw_fail(diag, AMP_FW_E_MEM_CAP, i, elf->total_memsz);
	}
	if (!elf->nr_load)
		return amp_fw_fail(diag, AMP_FW_E_NO_LOAD, 0, elf->phnum);
	return 0;
}

/*
 * The core uses the loaded copy of the table (at sh_addr in device memory),
 * so it must be exactly the bytes validated here: some PT_LOAD segment has
 * to load the section's file bytes to sh_addr.
 */
static bool amp_elf_rsc_loaded(const struct amp_fw_elf *elf)
{
	struct amp_fw_seg seg;
	unsigned int cursor = 0;
	u64 delta;

	while (amp_fw_elf_next_load(elf, &cursor, &seg)) {
		if (elf->rsc_da < seg.da)
			continue;
		delta = elf->rsc_da - seg.da;
		if (delta > seg.filesz || elf->rsc_size > seg.filesz - delta)
			continue;
		if (seg.offset + delta == elf->rsc_offset)
			return true;
	}
	return false;
}

static int amp_elf_check_rsc(struct amp_fw_elf *elf, bool found,
			     const struct amp_fw_limits *lim,
			     struct amp_fw_diag *diag)
{
	int ret;

	if (!found) {
		if (lim->require_rsc)
			return amp_fw_fail(diag, AMP_FW_E_RSC_MISSING, 0, 0);
		return 0;
	}
	ret = amp_fw_rsc_check(elf->data + elf->rsc_offset, elf->rsc_size, diag);
	if (ret)
		return ret;
	if (!amp_elf_rsc_loaded(elf))
		return amp_fw_fail(diag, AMP_FW_E_RSC_NOT_LOADED, elf->rsc_shndx,
				   elf->rsc_da);
	elf->has_rsc = true;
	return 0;
}

/**
 * amp_fw_elf_parse() - validate a firmware ELF image
 * @elf: filled with facts about the image; valid only when 0 is returned
 * @data: the image
 * @size: its size in bytes
 * @lim: allowed machines, memory cap and whether a resource table is
 *	required; NULL accepts any machine without a cap or table
 * @diag: where parsing stopped (status, header/entry index, offending value);
 *	may be NULL
 *
 * Checks the ELF header, the program and section header tables, every
 * loadable segment and the ".resource_table" section, stopping at the first
 * problem. Segments are loaded to their p_paddr; the Qualcomm hash segment
 * is recorded in @elf->hash_index and is not counted as loadable. A resource
 * table is accepted only if a PT_LOAD segment loads exactly its file bytes
 * to its sh_addr, so the loaded copy is the validated one. The image is only
 * read, never modified.
 *
 * Return: 0 if the image is valid, otherwise the negative errno given by
 * amp_fw_status_errno() for @diag->status.
 */
int amp_fw_elf_parse(struct amp_fw_elf *elf, const void *data, size_t size,
		     const struct amp_fw_limits *lim, struct amp_fw_diag *diag)
{
	static const struct amp_fw_limits no_limits = { .machines = NULL };
	struct amp_fw_diag local;
	bool found = false;
	int ret;

	if (!diag)
		diag = &local;
	if (!lim)
		lim = &no_limits;
	diag->status = AMP_FW_OK;
	diag->index = 0;
	diag->value = 0;
	*elf = (struct amp_fw_elf){ .data = data, .size = size, .hash_index = -1 };

	ret = amp_elf_check_ident(elf, diag);
	if (!ret)
		ret = amp_elf_check_ehdr(elf, lim, diag);
	if (!ret)
		ret = amp_elf_check_sections(elf, diag, &found);
	if (!ret)
		ret = amp_elf_check_segments(elf, lim, diag);
	if (!ret)
		ret = amp_elf_check_rsc(elf, found, lim, diag);
	return ret;
}

/**
 * amp_fw_elf_phdr() - decode one program header
 * @elf: image accepted by amp_fw_elf_parse()
 * @index: program header index, below @elf->phnum
 * @seg: filled with the decoded header
 *
 * Gives raw access to every program header, including non-loadable ones
 * and the Qualcomm hash segment.
 *
 * Return: 0, or -EINVAL if @index is out of range.
 */
int amp_fw_elf_phdr(const struct amp_fw_elf *elf, unsigned int index,
		    struct amp_fw_seg *seg)
{
	const struct amp_elf_field *f = amp_phdr_fields;
	u64 base;

	if (index >= elf->phnum ||
	    !amp_fw_in_bounds(elf->phoff, ((u64)index + 1) * elf->phentsize, elf->size))
		return -EINVAL;
	base = elf->phoff + (u64)index * elf->phentsize;
	seg->index = index;
	seg->type = (u32)amp_elf_get(elf, base, &f[PH_TYPE]);
	seg->flags = (u32)amp_elf_get(elf, base, &f[PH_FLAGS]);
	seg->offset = amp_elf_get(elf, base, &f[PH_OFFSET]);
	seg->da = amp_elf_get(elf, base, &f[PH_PADDR]);
	seg->filesz = amp_elf_get(elf, base, &f[PH_FILESZ]);
	seg->memsz = amp_elf_get(elf, base, &f[PH_MEMSZ]);
	return 0;
}

/**
 * amp_fw_elf_next_load() - iterate over the segments to load
 * @elf: image accepted by amp_fw_elf_parse()
 * @cursor: iteration state; set to 0 before the first call
 * @seg: filled with the next segment
 *
 * Yields, in program header order, every PT_LOAD segment with a non-zero
 * p_memsz that is not the Qualcomm hash segment: exactly the @elf->nr_load
 * segments amp_fw_elf_parse() validated.
 *
 * Return: true if @seg was filled, false at the end.
 */
bool amp_fw_elf_next_load(const struct amp_fw_elf *elf, unsigned int *cursor,
			  struct amp_fw_seg *seg)
{
	while (*cursor < elf->phnum) {
		if (amp_fw_elf_phdr(elf, (*cursor)++, seg))
			return false;
		if (amp_elf_loadable(seg))
			return true;
	}
	return false;
}

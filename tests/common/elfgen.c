// SPDX-License-Identifier: GPL-2.0
/*
 * Freestanding ELF firmware image builder for tests; see elfgen.h.
 *
 * File layout of a built image: ELF header, program headers, each segment's
 * bytes, the hash segment, extra section bytes, the section name table and
 * finally the section headers. Sections: [0] null, [1] ".shstrtab",
 * [2] ".resource_table" when a table is given (its bytes live inside a
 * segment, as a linker places them), then the extra sections.
 */
#include "elfgen.h"

#define EG_EHDR32	52
#define EG_EHDR64	64
#define EG_PHDR32	32
#define EG_PHDR64	56
#define EG_SHDR32	40
#define EG_SHDR64	64
#define EG_SHF_ALLOC	2
#define EG_HASH_FILL	0x48
#define EG_VENDOR_LEN	8

enum { EG_IN_EHDR, EG_IN_PHDR, EG_IN_SHDR };

/* Where each field lives: header kind, offset and width for each class. */
struct eg_field {
	u8 where;
	u8 off32;
	u8 len32;
	u8 off64;
	u8 len64;
};

static const struct eg_field eg_fields[AMP_EG_NR_FIELDS] = {
	[AMP_EG_E_TYPE]		= { EG_IN_EHDR, 16, 2, 16, 2 },
	[AMP_EG_E_MACHINE]	= { EG_IN_EHDR, 18, 2, 18, 2 },
	[AMP_EG_E_VERSION]	= { EG_IN_EHDR, 20, 4, 20, 4 },
	[AMP_EG_E_ENTRY]	= { EG_IN_EHDR, 24, 4, 24, 8 },
	[AMP_EG_E_PHOFF]	= { EG_IN_EHDR, 28, 4, 32, 8 },
	[AMP_EG_E_SHOFF]	= { EG_IN_EHDR, 32, 4, 40, 8 },
	[AMP_EG_E_FLAGS]	= { EG_IN_EHDR, 36, 4, 48, 4 },
	[AMP_EG_E_EHSIZE]	= { EG_IN_EHDR, 40, 2, 52, 2 },
	[AMP_EG_E_PHENTSIZE]	= { EG_IN_EHDR, 42, 2, 54, 2 },
	[AMP_EG_E_PHNUM]	= { EG_IN_EHDR, 44, 2, 56, 2 },
	[AMP_EG_E_SHENTSIZE]	= { EG_IN_EHDR, 46, 2, 58, 2 },
	[AMP_EG_E_SHNUM]	= { EG_IN_EHDR, 48, 2, 60, 2 },
	[AMP_EG_E_SHSTRNDX]	= { EG_IN_EHDR, 50, 2, 62, 2 },
	[AMP_EG_P_TYPE]		= { EG_IN_PHDR, 0, 4, 0, 4 },
	[AMP_EG_P_FLAGS]	= { EG_IN_PHDR, 24, 4, 4, 4 },
	[AMP_EG_P_OFFSET]	= { EG_IN_PHDR, 4, 4, 8, 8 },
	[AMP_EG_P_VADDR]	= { EG_IN_PHDR, 8, 4, 16, 8 },
	[AMP_EG_P_PADDR]	= { EG_IN_PHDR, 12, 4, 24, 8 },
	[AMP_EG_P_FILESZ]	= { EG_IN_PHDR, 16, 4, 32, 8 },
	[AMP_EG_P_MEMSZ]	= { EG_IN_PHDR, 20, 4, 40, 8 },
	[AMP_EG_P_ALIGN]	= { EG_IN_PHDR, 28, 4, 48, 8 },
	[AMP_EG_SH_NAME]	= { EG_IN_SHDR, 0, 4, 0, 4 },
	[AMP_EG_SH_TYPE]	= { EG_IN_SHDR, 4, 4, 4, 4 },
	[AMP_EG_SH_FLAGS]	= { EG_IN_SHDR, 8, 4, 8, 8 },
	[AMP_EG_SH_ADDR]	= { EG_IN_SHDR, 12, 4, 16, 8 },
	[AMP_EG_SH_OFFSET]	= { EG_IN_SHDR, 16, 4, 24, 8 },
	[AMP_EG_SH_SIZE]	= { EG_IN_SHDR, 20, 4, 32, 8 },
	[AMP_EG_SH_LINK]	= { EG_IN_SHDR, 24, 4, 40, 4 },
	[AMP_EG_SH_INFO]	= { EG_IN_SHDR, 28, 4, 44, 4 },
	[AMP_EG_SH_ADDRALIGN]	= { EG_IN_SHDR, 32, 4, 48, 8 },
	[AMP_EG_SH_ENTSIZE]	= { EG_IN_SHDR, 36, 4, 56, 8 },
};

static const char eg_shstrtab_name[] = ".shstrtab";
static const char eg_rsc_name[] = ".resource_table";

/**
 * amp_eg_put() - store an integer in a given byte order
 * @p: destination (any alignment)
 * @width: bytes to store, at most 8
 * @value: the value; high bits beyond @width are dropped
 * @big_endian: store most significant byte first
 */
void amp_eg_put(u8 *p, unsigned int width, u64 value, bool big_endian)
{
	unsigned int i;

	for (i = 0; i < width; i++) {
		unsigned int shift = big_endian ? 8 * (width - 1 - i) : 8 * i;

		p[i] = (u8)(value >> shift);
	}
}

/**
 * amp_eg_load() - load an integer stored in a given byte order
 * @p: source (any alignment)
 * @width: bytes to load, at most 8
 * @big_endian: most significant byte first
 *
 * Return: the value.
 */
u64 amp_eg_load(const u8 *p, unsigned int width, bool big_endian)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < width; i++) {
		unsigned int shift = big_endian ? 8 * (width - 1 - i) : 8 * i;

		v |= (u64)p[i] << shift;
	}
	return v;
}

static size_t eg_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void eg_fill(u8 *p, u8 value, u64 len)
{
	u64 i;

	for (i = 0; i < len; i++)
		p[i] = value;
}

static void eg_copy(u8 *dst, const void *src, size_t len)
{
	const u8 *s = src;
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = s[i];
}

static size_t eg_align(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Reserve len bytes at *pos aligned to align; false if it exceeds cap. */
static bool eg_reserve(size_t *pos, u64 len, size_t align, size_t cap,
		       size_t *at)
{
	size_t start = eg_align(*pos, align);

	if (start > cap || len > cap - start)
		return false;
	*at = start;
	*pos = start + (size_t)len;
	return true;
}

/**
 * amp_eg_default() - describe a small valid two-segment image
 * @d: description to fill
 * @elf_class: AMP_ELFCLASS32 or AMP_ELFCLASS64
 * @big_endian: ELFDATA2MSB instead of ELFDATA2LSB
 *
 * Segment 0 is 0x400 bytes of 0x11 at %AMP_EG_DA_BASE; segment 1 is 0x100
 * bytes of 0x22 at %AMP_EG_DA_BASE + 0x1000 followed by 0x200 bytes of bss.
 * No resource table, no extra sections.
 */
void amp_eg_default(struct amp_eg_desc *d, u8 elf_class, bool big_endian)
{
	*d = (struct amp_eg_desc){
		.elf_class = elf_class,
		.big_endian = big_endian,
		.machine = elf_class == AMP_ELFCLASS64 ? AMP_EM_AARCH64 : AMP_EM_ARM,
		.type = AMP_ET_EXEC,
		.entry = AMP_EG_DA_BASE,
		.nr_segs = 2,
		.segs = {
			{ AMP_PT_LOAD, 5, AMP_EG_DA_BASE, 0x400, 0x400, 0x11 },
			{ AMP_PT_LOAD, 6, AMP_EG_DA_BASE + 0x1000, 0x100, 0x300, 0x22 },
		},
		.hash_size = 0x80,
	};
}

struct eg_ctx {
	const struct amp_eg_desc *d;
	u8 *img;
	struct amp_eg_layout *lay;
	size_t hash_off;
	u32 name_off[3 + AMP_EG_MAX_SECTS];
};

static void eg_set_raw(struct eg_ctx *c, enum amp_eg_field f, unsigned int i,
		       u64 v)
{
	amp_eg_set(c->img, c->lay, f, i, v);
}

static void eg_write_ehdr(struct eg_ctx *c)
{
	const struct amp_eg_desc *d = c->d;
	bool is64 = d->elf_class == AMP_ELFCLASS64;
	u8 *id = c->img;

	id[0] = 0x7f;
	id[1] = 'E';
	id[2] = 'L';
	id[3] = 'F';
	id[4] = d->elf_class;
	id[5] = d->big_endian ? AMP_ELFDATA2MSB : AMP_ELFDATA2LSB;
	id[6] = AMP_EV_CURRENT;
	eg_set_raw(c, AMP_EG_E_TYPE, 0, d->type);
	eg_set_raw(c, AMP_EG_E_MACHINE, 0, d->machine);
	eg_set_raw(c, AMP_EG_E_VERSION, 0, AMP_EV_CURRENT);
	eg_set_raw(c, AMP_EG_E_ENTRY, 0, d->entry);
	eg_set_raw(c, AMP_EG_E_PHOFF, 0, c->lay->phoff);
	eg_set_raw(c, AMP_EG_E_SHOFF, 0, c->lay->shoff);
	eg_set_raw(c, AMP_EG_E_EHSIZE, 0, is64 ? EG_EHDR64 : EG_EHDR32);
	eg_set_raw(c, AMP_EG_E_PHENTSIZE, 0, is64 ? EG_PHDR64 : EG_PHDR32);
	eg_set_raw(c, AMP_EG_E_PHNUM, 0, c->lay->phnum);
	eg_set_raw(c, AMP_EG_E_SHENTSIZE, 0,
		   c->lay->shnum ? (is64 ? EG_SHDR64 : EG_SHDR32) : 0);
	eg_set_raw(c, AMP_EG_E_SHNUM, 0, c->lay->shnum);
	eg_set_raw(c, AMP_EG_E_SHSTRNDX, 0, c->lay->shstrndx);
}

static void eg_write_phdr(struct eg_ctx *c, unsigned int i, u32 type, u32 flags,
			  u64 off, u64 da, u64 filesz, u64 memsz)
{
	eg_set_raw(c, AMP_EG_P_TYPE, i, type);
	eg_set_raw(c, AMP_EG_P_FLAGS, i, flags);
	eg_set_raw(c, AMP_EG_P_OFFSET, i, off);
	eg_set_raw(c, AMP_EG_P_VADDR, i, da);
	eg_set_raw(c, AMP_EG_P_PADDR, i, da);
	eg_set_raw(c, AMP_EG_P_FILESZ, i, filesz);
	eg_set_raw(c, AMP_EG_P_MEMSZ, i, memsz);
	eg_set_raw(c, AMP_EG_P_ALIGN, i, 16);
}

static void eg_write_segments(struct eg_ctx *c)
{
	const struct amp_eg_desc *d = c->d;
	const struct amp_eg_seg *s;
	unsigned int i;

	for (i = 0; i < d->nr_segs; i++) {
		s = &d->segs[i];
		eg_write_phdr(c, i, s->type, s->flags, c->lay->seg_off[i], s->da,
			      s->filesz, s->memsz);
		eg_fill(c->img + c->lay->seg_off[i], s->fill, s->filesz);
	}
	if (d->hash_seg) {
		eg_write_phdr(c, d->nr_segs, AMP_PT_NULL,
			      (u32)AMP_QCOM_SEG_TYPE_HASH << 24, c->hash_off, 0,
			      d->hash_size, d->hash_size);
		eg_fill(c->img + c->hash_off, EG_HASH_FILL, d->hash_size);
	}
	if (d->rsc)
		eg_copy(c->img + c->lay->rsc_off, d->rsc, d->rsc_size);
}

static void eg_write_shdr(struct eg_ctx *c, unsigned int i, u32 type, u64 flags,
			  u64 addr, u64 off, u64 size)
{
	eg_set_raw(c, AMP_EG_SH_NAME, i, c->name_off[i]);
	eg_set_raw(c, AMP_EG_SH_TYPE, i, type);
	eg_set_raw(c, AMP_EG_SH_FLAGS, i, flags);
	eg_set_raw(c, AMP_EG_SH_ADDR, i, addr);
	eg_set_raw(c, AMP_EG_SH_OFFSET, i, off);
	eg_set_raw(c, AMP_EG_SH_SIZE, i, size);
	eg_set_raw(c, AMP_EG_SH_ADDRALIGN, i, 4);
}

static void eg_write_sections(struct eg_ctx *c)
{
	const struct amp_eg_desc *d = c->d;
	struct amp_eg_layout *lay = c->lay;
	const struct amp_eg_seg *rs;
	unsigned int i, sh;

	if (!lay->shnum)
		return;
	eg_write_shdr(c, 1, AMP_SHT_STRTAB, 0, 0, lay->shstrtab_off,
		      lay->shstrtab_size);
	if (d->rsc) {
		rs = &d->segs[d->rsc_seg];
		eg_write_shdr(c, (unsigned int)lay->rsc_shndx, AMP_SHT_PROGBITS,
			      EG_SHF_ALLOC, rs->da + d->rsc_seg_off, lay->rsc_off,
			      d->rsc_size);
	}
	for (i = 0; i < d->nr_sects; i++) {
		sh = lay->sect_shndx[i];
		eg_write_shdr(c, sh, d->sects[i].type, EG_SHF_ALLOC,
			      d->sects[i].addr, lay->sect_off[i], d->sects[i].size);
		if (d->sects[i].type != AMP_SHT_NOBITS)
			eg_fill(c->img + lay->sect_off[i], d->sects[i].fill,
				d->sects[i].size);
	}
	for (i = 1; i < lay->shnum; i++) {
		const char *name = i == 1 ? eg_shstrtab_name :
				   (int)i == lay->rsc_shndx ? eg_rsc_name :
				   d->sects[i - (d->rsc ? 3 : 2)].name;

		eg_copy(c->img + lay->shstrtab_off + c->name_off[i], name,
			eg_strlen(name) + 1);
	}
}

/* Assign section indexes and name offsets; returns the name table size. */
static size_t eg_plan_names(struct eg_ctx *c)
{
	const struct amp_eg_desc *d = c->d;
	struct amp_eg_layout *lay = c->lay;
	size_t strsz = 1;
	unsigned int i, sh = 1;

	c->name_off[sh++] = (u32)strsz;
	strsz += sizeof(eg_shstrtab_name);
	if (d->rsc) {
		lay->rsc_shndx = (int)sh;
		c->name_off[sh++] = (u32)strsz;
		strsz += sizeof(eg_rsc_name);
	}
	for (i = 0; i < d->nr_sects; i++) {
		lay->sect_shndx[i] = sh;
		c->name_off[sh++] = (u32)strsz;
		strsz += eg_strlen(d->sects[i].name) + 1;
	}
	lay->shnum = sh;
	lay->shstrndx = 1;
	return strsz;
}

static int eg_plan(struct eg_ctx *c, size_t cap)
{
	const struct amp_eg_desc *d = c->d;
	struct amp_eg_layout *lay = c->lay;
	bool is64 = d->elf_class == AMP_ELFCLASS64;
	size_t pos = is64 ? EG_EHDR64 : EG_EHDR32;
	size_t strsz, at;
	unsigned int i;

	lay->phnum = d->nr_segs + (d->hash_seg ? 1 : 0);
	lay->hash_phdr = d->hash_seg ? (int)d->nr_segs : -1;
	if (!eg_reserve(&pos, (u64)lay->phnum * (is64 ? EG_PHDR64 : EG_PHDR32),
			8, cap, &lay->phoff))
		return -ENOSPC;
	for (i = 0; i < d->nr_segs; i++)
		if (!eg_reserve(&pos, d->segs[i].filesz, 16, cap, &lay->seg_off[i]))
			return -ENOSPC;
	if (d->hash_seg && !eg_reserve(&pos, d->hash_size, 16, cap, &c->hash_off))
		return -ENOSPC;
	if (d->rsc)
		lay->rsc_off = lay->seg_off[d->rsc_seg] + (size_t)d->rsc_seg_off;
	if (d->no_sections) {
		lay->size = pos;
		return 0;
	}

	strsz = eg_plan_names(c);
	for (i = 0; i < d->nr_sects; i++) {
		u64 len = d->sects[i].type == AMP_SHT_NOBITS ? 0 : d->sects[i].size;

		if (!eg_reserve(&pos, len, 8, cap, &lay->sect_off[i]))
			return -ENOSPC;
	}
	if (!eg_reserve(&pos, strsz, 1, cap, &lay->shstrtab_off))
		return -ENOSPC;
	lay->shstrtab_size = strsz;
	if (!eg_reserve(&pos, (u64)lay->shnum * (is64 ? EG_SHDR64 : EG_SHDR32), 8,
			cap, &at))
		return -ENOSPC;
	lay->shoff = at;
	lay->size = pos;
	return 0;
}

/**
 * amp_eg_build() - build an ELF image
 * @d: the description
 * @buf: destination
 * @cap: size of @buf
 * @lay: filled with the image size and the position of every part
 *
 * Return: 0, -EINVAL for an inconsistent description (too many segments or
 * sections, or a resource table that does not fit in its segment), or
 * -ENOSPC if the image does not fit in @cap bytes.
 */
int amp_eg_build(const struct amp_eg_desc *d, void *buf, size_t cap,
		 struct amp_eg_layout *lay)
{
	struct eg_ctx c = { .d = d, .img = buf, .lay = lay };
	int ret;

	if (d->nr_segs > AMP_EG_MAX_SEGS || d->nr_sects > AMP_EG_MAX_SECTS)
		return -EINVAL;
	if (d->rsc && (d->rsc_seg >= d->nr_segs ||
		       d->rsc_seg_off > d->segs[d->rsc_seg].filesz ||
		       d->rsc_size > d->segs[d->rsc_seg].filesz - d->rsc_seg_off))
		return -EINVAL;

	*lay = (struct amp_eg_layout){
		.elf_class = d->elf_class,
		.big_endian = d->big_endian,
		.hash_phdr = -1,
		.rsc_shndx = -1,
	};
	ret = eg_plan(&c, cap);
	if (ret)
		return ret;

	eg_fill(c.img, 0, lay->size);
	eg_write_ehdr(&c);
	eg_write_segments(&c);
	eg_write_sections(&c);
	return 0;
}

/**
 * amp_eg_field_loc() - file position of a header field in a built image
 * @lay: layout returned by amp_eg_build()
 * @field: the field
 * @index: program header or section index (ignored for ELF header fields)
 * @off: set to the field's file offset
 * @width: set to its width in bytes
 *
 * Return: 0, or -EINVAL if the image has no such header.
 */
int amp_eg_field_loc(const struct amp_eg_layout *lay, enum amp_eg_field field,
		     unsigned int index, size_t *off, unsigned int *width)
{
	bool is64 = lay->elf_class == AMP_ELFCLASS64;
	const struct eg_field *f;
	size_t base = 0;

	if ((unsigned int)field >= AMP_EG_NR_FIELDS)
		return -EINVAL;
	f = &eg_fields[field];
	if (f->where == EG_IN_PHDR) {
		if (index >= lay->phnum)
			return -EINVAL;
		base = lay->phoff + index * (size_t)(is64 ? EG_PHDR64 : EG_PHDR32);
	} else if (f->where == EG_IN_SHDR) {
		if (index >= lay->shnum)
			return -EINVAL;
		base = lay->shoff + index * (size_t)(is64 ? EG_SHDR64 : EG_SHDR32);
	}
	*off = base + (is64 ? f->off64 : f->off32);
	*width = is64 ? f->len64 : f->len32;
	return 0;
}

/**
 * amp_eg_set() - overwrite a header field of a built image
 * @img: the image
 * @lay: its layout
 * @field: the field
 * @index: program header or section index (ignored for ELF header fields)
 * @value: new value, stored in the image's byte order and truncated to the
 *	field's width
 *
 * Return: 0, or -EINVAL if the image has no such header.
 */
int amp_eg_set(void *img, const struct amp_eg_layout *lay,
	       enum amp_eg_field field, unsigned int index, u64 value)
{
	unsigned int width;
	size_t off;
	int ret;

	ret = amp_eg_field_loc(lay, field, index, &off, &width);
	if (!ret)
		amp_eg_put((u8 *)img + off, width, value, lay->big_endian);
	return ret;
}

/**
 * amp_eg_get() - read a header field of a built image
 * @img: the image
 * @lay: its layout
 * @field: the field
 * @index: program header or section index (ignored for ELF header fields)
 *
 * Return: the value, or 0 if the image has no such header.
 */
u64 amp_eg_get(const void *img, const struct amp_eg_layout *lay,
	       enum amp_eg_field field, unsigned int index)
{
	unsigned int width;
	size_t off;

	if (amp_eg_field_loc(lay, field, index, &off, &width))
		return 0;
	return amp_eg_load((const u8 *)img + off, width, lay->big_endian);
}

/**
 * amp_eg_rsc_std_spec() - the standard table: carveout, trace, vdev
 * @s: spec to fill
 *
 * A 4 KiB carveout anywhere, a 1 KiB trace buffer at %AMP_EG_DA_BASE + 0x3000
 * and an rpmsg vdev with two vrings of 256 descriptors aligned to 4 KiB.
 */
void amp_eg_rsc_std_spec(struct amp_eg_rsc_spec *s)
{
	*s = (struct amp_eg_rsc_spec){
		.carveout_da = AMP_RSC_ADDR_ANY,
		.carveout_len = 0x1000,
		.devmem_da = 0x40000000,
		.devmem_len = 0x1000,
		.trace_da = (u32)AMP_EG_DA_BASE + 0x3000,
		.trace_len = 0x400,
		.nr_vrings = 2,
		.vring_num = 256,
		.vring_align = 0x1000,
	};
}

static void eg_le32(u8 *p, u32 v)
{
	amp_eg_put(p, 4, v, false);
}

static void eg_put_name(u8 *p, const char *name)
{
	eg_copy(p, name, eg_strlen(name) + 1);
}

/* Write a carveout or devmem entry (same layout) at p. */
static void eg_rsc_mem(u8 *p, u32 type, u32 da, u32 len, const char *name)
{
	const size_t h = sizeof(struct amp_rsc_hdr);

	eg_le32(p, type);
	eg_le32(p + h + offsetof(struct amp_rsc_carveout, da), da);
	eg_le32(p + h + offsetof(struct amp_rsc_carveout, pa), AMP_RSC_ADDR_ANY);
	eg_le32(p + h + offsetof(struct amp_rsc_carveout, len), len);
	eg_put_name(p + h + offsetof(struct amp_rsc_carveout, name), name);
}

static void eg_rsc_trace(u8 *p, u32 da, u32 len)
{
	const size_t h = sizeof(struct amp_rsc_hdr);

	eg_le32(p, AMP_RSC_TRACE);
	eg_le32(p + h + offsetof(struct amp_rsc_trace, da), da);
	eg_le32(p + h + offsetof(struct amp_rsc_trace, len), len);
	eg_put_name(p + h + offsetof(struct amp_rsc_trace, name), "trace");
}

static void eg_rsc_vdev(u8 *p, const struct amp_eg_rsc_spec *s)
{
	const size_t h = sizeof(struct amp_rsc_hdr);
	u8 *vr;
	unsigned int i;

	eg_le32(p, AMP_RSC_VDEV);
	eg_le32(p + h + offsetof(struct amp_rsc_vdev, id), 7);
	eg_le32(p + h + offsetof(struct amp_rsc_vdev, notifyid), AMP_RSC_ADDR_ANY);
	eg_le32(p + h + offsetof(struct amp_rsc_vdev, dfeatures), 1);
	eg_le32(p + h + offsetof(struct amp_rsc_vdev, config_len), s->config_len);
	p[h + offsetof(struct amp_rsc_vdev, num_of_vrings)] = s->nr_vrings;
	for (i = 0; i < s->nr_vrings; i++) {
		vr = p + h + sizeof(struct amp_rsc_vdev) +
		     i * sizeof(struct amp_rsc_vdev_vring);
		eg_le32(vr + offsetof(struct amp_rsc_vdev_vring, da), AMP_RSC_ADDR_ANY);
		eg_le32(vr + offsetof(struct amp_rsc_vdev_vring, align), s->vring_align);
		eg_le32(vr + offsetof(struct amp_rsc_vdev_vring, num), s->vring_num);
		eg_le32(vr + offsetof(struct amp_rsc_vdev_vring, notifyid),
			AMP_RSC_ADDR_ANY);
	}
}

/* Entry sizes, in table order: carveout, devmem, trace, vdev, vendor. */
static void eg_rsc_sizes(const struct amp_eg_rsc_spec *s, u64 len[5])
{
	const u64 h = sizeof(struct amp_rsc_hdr);

	len[0] = s->carveout_len ? h + sizeof(struct amp_rsc_carveout) : 0;
	len[1] = s->devmem ? h + sizeof(struct amp_rsc_devmem) : 0;
	len[2] = s->trace_len ? h + sizeof(struct amp_rsc_trace) : 0;
	len[3] = s->nr_vrings ? h + sizeof(struct amp_rsc_vdev) +
		 (u64)s->nr_vrings * sizeof(struct amp_rsc_vdev_vring) +
		 s->config_len : 0;
	len[4] = s->vendor_type ? h + EG_VENDOR_LEN : 0;
}

/**
 * amp_eg_rsc_build() - build a resource table
 * @s: which entries to include
 * @buf: destination
 * @cap: size of @buf
 * @lay: filled with the table size and the offset of each entry
 *
 * Entries are laid out 4-byte aligned in the order carveout, devmem, trace,
 * vdev, vendor; absent ones are skipped.
 *
 * Return: 0, or -ENOSPC if the table does not fit in @cap bytes.
 */
int amp_eg_rsc_build(const struct amp_eg_rsc_spec *s, void *buf, size_t cap,
		     struct amp_eg_rsc_layout *lay)
{
	size_t *where[5] = { &lay->carveout, &lay->devmem, &lay->trace,
			     &lay->vdev, &lay->vendor };
	u8 *t = buf;
	u64 len[5], pos;
	unsigned int i, n = 0;

	*lay = (struct amp_eg_rsc_layout){ .size = 0 };
	eg_rsc_sizes(s, len);
	for (i = 0; i < 5; i++)
		n += len[i] ? 1 : 0;
	pos = sizeof(struct amp_rsc_table) + 4 * n;
	for (i = 0; i < 5; i++) {
		if (!len[i])
			continue;
		*where[i] = (size_t)pos;
		pos = (pos + len[i] + 3) & ~3ULL;
	}
	if (pos > cap)
		return -ENOSPC;

	eg_fill(t, 0, pos);
	lay->size = (size_t)pos;
	lay->num = n;
	eg_le32(t + offsetof(struct amp_rsc_table, ver), AMP_RSC_TABLE_VERSION);
	eg_le32(t + offsetof(struct amp_rsc_table, num), n);
	for (i = 0, n = 0; i < 5; i++)
		if (len[i])
			eg_le32(t + sizeof(struct amp_rsc_table) + 4 * n++,
				(u32)*where[i]);

	if (len[0])
		eg_rsc_mem(t + lay->carveout, AMP_RSC_CARVEOUT, s->carveout_da,
			   s->carveout_len, "carveout");
	if (len[1])
		eg_rsc_mem(t + lay->devmem, AMP_RSC_DEVMEM, s->devmem_da,
			   s->devmem_len, "devmem");
	if (len[2])
		eg_rsc_trace(t + lay->trace, s->trace_da, s->trace_len);
	if (len[3])
		eg_rsc_vdev(t + lay->vdev, s);
	if (len[4]) {
		eg_le32(t + lay->vendor, s->vendor_type);
		eg_fill(t + lay->vendor + sizeof(struct amp_rsc_hdr), 0x5a,
			EG_VENDOR_LEN);
	}
	return 0;
}

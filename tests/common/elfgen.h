/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding ELF firmware image builder for tests.
 *
 * Builds ELF32 or ELF64 images of either byte order into a caller buffer
 * from a small description, and reports where it put every header so tests
 * can corrupt one field at a time with amp_eg_set(). Also builds resource
 * tables. Compiled into the KUnit test module and the host tests alike, so
 * it calls no kernel or libc function.
 *
 * Its field offsets are written independently of the parser's; the host
 * tests check them against the C library's <elf.h>.
 */
#ifndef AMPIPC_TESTS_ELFGEN_H
#define AMPIPC_TESTS_ELFGEN_H

#include <ampipc/fwparse.h>

#ifdef __KERNEL__
#include <linux/kernel.h>
#elif !defined(ARRAY_SIZE)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define AMP_EG_MAX_SEGS		8
#define AMP_EG_MAX_SECTS	4

/* Device address of the first segment of the default image. */
#define AMP_EG_DA_BASE		0x10000000ULL

/**
 * struct amp_eg_seg - one program header to emit
 * @type: p_type
 * @flags: p_flags
 * @da: p_paddr (and p_vaddr)
 * @filesz: p_filesz; that many bytes of @fill are stored in the file
 * @memsz: p_memsz
 * @fill: value of every file byte of the segment
 */
struct amp_eg_seg {
	u32 type;
	u32 flags;
	u64 da;
	u64 filesz;
	u64 memsz;
	u8 fill;
};

/**
 * struct amp_eg_sect - an extra section to emit
 * @name: section name
 * @type: sh_type; SHT_NOBITS sections get no file bytes
 * @addr: sh_addr
 * @size: sh_size
 * @fill: value of every file byte of the section
 */
struct amp_eg_sect {
	const char *name;
	u32 type;
	u64 addr;
	u64 size;
	u8 fill;
};

/**
 * struct amp_eg_desc - image description
 * @elf_class: AMP_ELFCLASS32 or AMP_ELFCLASS64
 * @big_endian: emit ELFDATA2MSB
 * @machine: e_machine
 * @type: e_type
 * @entry: e_entry
 * @nr_segs: entries used in @segs
 * @segs: program headers, emitted in this order
 * @rsc: contents of ".resource_table", or NULL for no such section
 * @rsc_size: size of @rsc
 * @rsc_seg: segment whose file bytes hold the table
 * @rsc_seg_off: offset of the table within that segment
 * @nr_sects: entries used in @sects
 * @sects: extra sections, emitted after ".shstrtab" and ".resource_table"
 * @no_sections: emit no section headers at all (e_shnum = 0)
 * @hash_seg: append a Qualcomm hash segment (PT_NULL, hash flags)
 * @hash_size: file bytes of the hash segment
 */
struct amp_eg_desc {
	u8 elf_class;
	bool big_endian;
	u16 machine;
	u16 type;
	u64 entry;
	unsigned int nr_segs;
	struct amp_eg_seg segs[AMP_EG_MAX_SEGS];
	const void *rsc;
	size_t rsc_size;
	unsigned int rsc_seg;
	u64 rsc_seg_off;
	unsigned int nr_sects;
	struct amp_eg_sect sects[AMP_EG_MAX_SECTS];
	bool no_sections;
	bool hash_seg;
	u32 hash_size;
};

/**
 * struct amp_eg_layout - where amp_eg_build() put things
 * @elf_class: class of the image
 * @big_endian: byte order of the image
 * @size: image size in bytes
 * @phoff: offset of the program header table
 * @phnum: number of program headers
 * @shoff: offset of the section header table (0 if none)
 * @shnum: number of section headers
 * @shstrndx: index of ".shstrtab"
 * @shstrtab_off: file offset of the section name table
 * @shstrtab_size: its size
 * @seg_off: file offset of each segment's data
 * @hash_phdr: program header index of the hash segment, or -1
 * @rsc_shndx: section index of ".resource_table", or -1
 * @rsc_off: file offset of the table
 * @sect_shndx: section index of each extra section
 * @sect_off: file offset of each extra section's data
 */
struct amp_eg_layout {
	u8 elf_class;
	bool big_endian;
	size_t size;
	size_t phoff;
	unsigned int phnum;
	size_t shoff;
	unsigned int shnum;
	unsigned int shstrndx;
	size_t shstrtab_off;
	size_t shstrtab_size;
	size_t seg_off[AMP_EG_MAX_SEGS];
	int hash_phdr;
	int rsc_shndx;
	size_t rsc_off;
	unsigned int sect_shndx[AMP_EG_MAX_SECTS];
	size_t sect_off[AMP_EG_MAX_SECTS];
};

/* Header fields amp_eg_set() and amp_eg_get() can address. */
enum amp_eg_field {
	AMP_EG_E_TYPE,
	AMP_EG_E_MACHINE,
	AMP_EG_E_VERSION,
	AMP_EG_E_ENTRY,
	AMP_EG_E_PHOFF,
	AMP_EG_E_SHOFF,
	AMP_EG_E_FLAGS,
	AMP_EG_E_EHSIZE,
	AMP_EG_E_PHENTSIZE,
	AMP_EG_E_PHNUM,
	AMP_EG_E_SHENTSIZE,
	AMP_EG_E_SHNUM,
	AMP_EG_E_SHSTRNDX,
	AMP_EG_P_TYPE,
	AMP_EG_P_FLAGS,
	AMP_EG_P_OFFSET,
	AMP_EG_P_VADDR,
	AMP_EG_P_PADDR,
	AMP_EG_P_FILESZ,
	AMP_EG_P_MEMSZ,
	AMP_EG_P_ALIGN,
	AMP_EG_SH_NAME,
	AMP_EG_SH_TYPE,
	AMP_EG_SH_FLAGS,
	AMP_EG_SH_ADDR,
	AMP_EG_SH_OFFSET,
	AMP_EG_SH_SIZE,
	AMP_EG_SH_LINK,
	AMP_EG_SH_INFO,
	AMP_EG_SH_ADDRALIGN,
	AMP_EG_SH_ENTSIZE,
	AMP_EG_NR_FIELDS
};

/**
 * struct amp_eg_rsc_spec - resource table to build
 * @carveout_da: carveout device address
 * @carveout_len: carveout length; 0 omits the carveout
 * @devmem: add a devmem entry
 * @devmem_da: its device address
 * @devmem_len: its length
 * @trace_da: trace buffer device address
 * @trace_len: trace buffer length; 0 omits the trace entry
 * @nr_vrings: vrings of the vdev; 0 omits the vdev
 * @vring_num: descriptors per vring
 * @vring_align: vring alignment
 * @config_len: vdev config space bytes
 * @vendor_type: type of an extra vendor entry with 8 payload bytes; 0 omits it
 */
struct amp_eg_rsc_spec {
	u32 carveout_da;
	u32 carveout_len;
	bool devmem;
	u32 devmem_da;
	u32 devmem_len;
	u32 trace_da;
	u32 trace_len;
	u8 nr_vrings;
	u32 vring_num;
	u32 vring_align;
	u32 config_len;
	u32 vendor_type;
};

/**
 * struct amp_eg_rsc_layout - where amp_eg_rsc_build() put the entries
 * @size: table size in bytes
 * @num: number of entries
 * @carveout: offset of the carveout entry (its type word), 0 if absent
 * @devmem: offset of the devmem entry, 0 if absent
 * @trace: offset of the trace entry, 0 if absent
 * @vdev: offset of the vdev entry, 0 if absent
 * @vendor: offset of the vendor entry, 0 if absent
 */
struct amp_eg_rsc_layout {
	size_t size;
	unsigned int num;
	size_t carveout;
	size_t devmem;
	size_t trace;
	size_t vdev;
	size_t vendor;
};

void amp_eg_put(u8 *p, unsigned int width, u64 value, bool big_endian);
u64 amp_eg_load(const u8 *p, unsigned int width, bool big_endian);

void amp_eg_default(struct amp_eg_desc *d, u8 elf_class, bool big_endian);
int amp_eg_build(const struct amp_eg_desc *d, void *buf, size_t cap,
		 struct amp_eg_layout *lay);

int amp_eg_field_loc(const struct amp_eg_layout *lay, enum amp_eg_field field,
		     unsigned int index, size_t *off, unsigned int *width);
int amp_eg_set(void *img, const struct amp_eg_layout *lay,
	       enum amp_eg_field field, unsigned int index, u64 value);
u64 amp_eg_get(const void *img, const struct amp_eg_layout *lay,
	       enum amp_eg_field field, unsigned int index);

void amp_eg_rsc_std_spec(struct amp_eg_rsc_spec *s);
int amp_eg_rsc_build(const struct amp_eg_rsc_spec *s, void *buf, size_t cap,
		     struct amp_eg_rsc_layout *lay);

#endif /* AMPIPC_TESTS_ELFGEN_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware image validator, shared by the kernel and host programs.
 *
 * amp_fw_elf_parse() checks an ELF32 or ELF64 image of either byte order
 * before anything is copied anywhere: every header, table and segment must
 * lie inside the file, loadable segments must not overlap or wrap in device
 * address space, and the optional ".resource_table" section is validated
 * entry by entry with amp_fw_rsc_check(). The first problem found stops the
 * parse; its status, the index of the header or entry and the offending value
 * are reported in a struct amp_fw_diag.
 *
 * The implementation (rproc_core/fwparse/) is freestanding: it calls no kernel
 * or libc function and reads every field byte by byte, so the same objects
 * run in amp_rproc.ko, in the host tests and under libFuzzer.
 */
#ifndef AMPIPC_FWPARSE_H
#define AMPIPC_FWPARSE_H

#include <ampipc/fwparse_types.h>
#include <ampipc/rsc_table.h>

/* ELF identification and header values the parser understands. */
#define AMP_ELFCLASS32		1
#define AMP_ELFCLASS64		2
#define AMP_ELFDATA2LSB		1
#define AMP_ELFDATA2MSB		2
#define AMP_EV_CURRENT		1
#define AMP_ET_EXEC		2
#define AMP_ET_DYN		3
#define AMP_PT_NULL		0
#define AMP_PT_LOAD		1
#define AMP_PN_XNUM		0xffff
#define AMP_SHT_NULL		0
#define AMP_SHT_PROGBITS	1
#define AMP_SHT_STRTAB		3
#define AMP_SHT_NOBITS		8

/* Machines remote firmware is commonly built for (e_machine values). */
#define AMP_EM_ARM		40
#define AMP_EM_TI_C6000		140
#define AMP_EM_QDSP6		164
#define AMP_EM_AARCH64		183
#define AMP_EM_RISCV		243

/* Qualcomm segment flags: p_flags bits 24..26 give the segment kind. */
#define AMP_QCOM_SEG_TYPE(flags)	(((flags) >> 24) & 7)
#define AMP_QCOM_SEG_TYPE_HASH		2
#define AMP_QCOM_SEG_RELOCATABLE	(1U << 27)

/*
 * Fixed implementation limits. The overlap check compares every loadable
 * segment with every earlier one, so the program header count is capped to
 * keep that quadratic step small.
 */
#define AMP_FW_MAX_PHNUM	256
#define AMP_RSC_MAX_ENTRIES	256
#define AMP_RSC_MAX_VRINGS	8
#define AMP_RSC_MAX_VRING_NUM	32768

/**
 * enum amp_fw_status - result of validating a firmware image
 * @AMP_FW_OK: the image is valid
 * @AMP_FW_E_IDENT_TRUNC: file shorter than e_ident
 * @AMP_FW_E_MAGIC: bad ELF magic
 * @AMP_FW_E_CLASS: e_ident[EI_CLASS] unknown
 * @AMP_FW_E_DATA: e_ident[EI_DATA] unknown
 * @AMP_FW_E_IDENT_VERSION: e_ident[EI_VERSION] is not current
 * @AMP_FW_E_EHDR_TRUNC: file shorter than the ELF header
 * @AMP_FW_E_TYPE: e_type is not ET_EXEC or ET_DYN
 * @AMP_FW_E_MACHINE: e_machine not in the allow-list
 * @AMP_FW_E_VERSION: e_version is not current
 * @AMP_FW_E_EHSIZE: e_ehsize wrong for the class
 * @AMP_FW_E_PHENTSIZE: e_phentsize wrong for the class
 * @AMP_FW_E_PHNUM_ZERO: no program headers
 * @AMP_FW_E_PHNUM_XNUM: extended program header numbering
 * @AMP_FW_E_PHNUM_MAX: more than %AMP_FW_MAX_PHNUM program headers
 * @AMP_FW_E_PHOFF: program header table outside the file
 * @AMP_FW_E_SHENTSIZE: e_shentsize wrong for the class
 * @AMP_FW_E_SHOFF: section header table outside the file
 * @AMP_FW_E_SHSTRNDX: e_shstrndx out of range
 * @AMP_FW_E_SHSTRTAB_TYPE: section name table is not SHT_STRTAB
 * @AMP_FW_E_SHSTRTAB_NUL: section name table empty or not NUL-terminated
 * @AMP_FW_E_SH_DATA: section data outside the file
 * @AMP_FW_E_SH_NAME: sh_name outside the section name table
 * @AMP_FW_E_PH_DATA: segment data outside the file
 * @AMP_FW_E_PH_FILESZ: p_filesz larger than p_memsz
 * @AMP_FW_E_PH_WRAP: segment wraps the device address space
 * @AMP_FW_E_PH_OVERLAP: two loadable segments overlap
 * @AMP_FW_E_HASH_DUP: more than one Qualcomm hash segment
 * @AMP_FW_E_NO_LOAD: nothing to load
 * @AMP_FW_E_MEM_CAP: loadable segments exceed the memory cap
 * @AMP_FW_E_RSC_MISSING: required resource table absent
 * @AMP_FW_E_RSC_DUP: more than one ".resource_table" section
 * @AMP_FW_E_RSC_NOBITS: ".resource_table" has no file data
 * @AMP_FW_E_RSC_NOT_LOADED: the table is not loaded by a PT_LOAD segment
 * @AMP_FW_R_TRUNC: table shorter than its header
 * @AMP_FW_R_VER: table version is not 1
 * @AMP_FW_R_RESERVED: table header reserved words not zero
 * @AMP_FW_R_NUM_MAX: more than %AMP_RSC_MAX_ENTRIES entries
 * @AMP_FW_R_OFFSETS: offset array runs past the table
 * @AMP_FW_R_OFFSET_RANGE: entry offset outside the entry area
 * @AMP_FW_R_OFFSET_ALIGN: entry offset not 4-byte aligned
 * @AMP_FW_R_TYPE: reserved entry type
 * @AMP_FW_R_ENTRY_TRUNC: entry shorter than its type requires
 * @AMP_FW_R_NAME: name not NUL-terminated
 * @AMP_FW_R_CARVEOUT_RESERVED: carveout reserved not zero
 * @AMP_FW_R_CARVEOUT_LEN: carveout len zero
 * @AMP_FW_R_CARVEOUT_WRAP: carveout da + len wraps
 * @AMP_FW_R_DEVMEM_RESERVED: devmem reserved not zero
 * @AMP_FW_R_DEVMEM_LEN: devmem len zero
 * @AMP_FW_R_DEVMEM_WRAP: devmem da + len wraps
 * @AMP_FW_R_TRACE_LEN: trace len zero
 * @AMP_FW_R_TRACE_WRAP: trace da + len wraps
 * @AMP_FW_R_VDEV_VRINGS: vdev num_of_vrings zero or too large
 * @AMP_FW_R_VDEV_RESERVED: vdev reserved bytes not zero
 * @AMP_FW_R_VDEV_VRING_TRUNC: vdev vrings run past the table
 * @AMP_FW_R_VDEV_CONFIG: vdev config space runs past the table
 * @AMP_FW_R_VRING_NUM: vring num not a power of two in range
 * @AMP_FW_R_VRING_ALIGN: vring align not a power of two
 * @AMP_FW_STATUS_COUNT: number of codes
 *
 * Every rejection has its own code. amp_fw_status_str() names the field at
 * fault and amp_fw_status_errno() maps the code to an errno:
 *
 * * %-ENOEXEC: the ELF structure is malformed (the other AMP_FW_E_* codes).
 * * %-E2BIG: a count exceeds a fixed limit (%AMP_FW_E_PHNUM_MAX,
 *   %AMP_FW_R_NUM_MAX).
 * * %-EFBIG: the loadable segments exceed the memory cap (%AMP_FW_E_MEM_CAP).
 * * %-ENOENT: a required resource table is missing (%AMP_FW_E_RSC_MISSING).
 * * %-EINVAL: the resource table content is invalid (the other AMP_FW_R_*
 *   codes).
 */
enum amp_fw_status {
	AMP_FW_OK = 0,
	AMP_FW_E_IDENT_TRUNC,
	AMP_FW_E_MAGIC,
	AMP_FW_E_CLASS,
	AMP_FW_E_DATA,
	AMP_FW_E_IDENT_VERSION,
	AMP_FW_E_EHDR_TRUNC,
	AMP_FW_E_TYPE,
	AMP_FW_E_MACHINE,
	AMP_FW_E_VERSION,
	AMP_FW_E_EHSIZE,
	AMP_FW_E_PHENTSIZE,
	AMP_FW_E_PHNUM_ZERO,
	AMP_FW_E_PHNUM_XNUM,
	AMP_FW_E_PHNUM_MAX,
	AMP_FW_E_PHOFF,
	AMP_FW_E_SHENTSIZE,
	AMP_FW_E_SHOFF,
	AMP_FW_E_SHSTRNDX,
	AMP_FW_E_SHSTRTAB_TYPE,
	AMP_FW_E_SHSTRTAB_NUL,
	AMP_FW_E_SH_DATA,
	AMP_FW_E_SH_NAME,
	AMP_FW_E_PH_DATA,
	AMP_FW_E_PH_FILESZ,
	AMP_FW_E_PH_WRAP,
	AMP_FW_E_PH_OVERLAP,
	AMP_FW_E_HASH_DUP,
	AMP_FW_E_NO_LOAD,
	AMP_FW_E_MEM_CAP,
	AMP_FW_E_RSC_MISSING,
	AMP_FW_E_RSC_DUP,
	AMP_FW_E_RSC_NOBITS,
	AMP_FW_E_RSC_NOT_LOADED,
	AMP_FW_R_TRUNC,
	AMP_FW_R_VER,
	AMP_FW_R_RESERVED,
	AMP_FW_R_NUM_MAX,
	AMP_FW_R_OFFSETS,
	AMP_FW_R_OFFSET_RANGE,
	AMP_FW_R_OFFSET_ALIGN,
	AMP_FW_R_TYPE,
	AMP_FW_R_ENTRY_TRUNC,
	AMP_FW_R_NAME,
	AMP_FW_R_CARVEOUT_RESERVED,
	AMP_FW_R_CARVEOUT_LEN,
	AMP_FW_R_CARVEOUT_WRAP,
	AMP_FW_R_DEVMEM_RESERVED,
	AMP_FW_R_DEVMEM_LEN,
	AMP_FW_R_DEVMEM_WRAP,
	AMP_FW_R_TRACE_LEN,
	AMP_FW_R_TRACE_WRAP,
	AMP_FW_R_VDEV_VRINGS,
	AMP_FW_R_VDEV_RESERVED,
	AMP_FW_R_VDEV_VRING_TRUNC,
	AMP_FW_R_VDEV_CONFIG,
	AMP_FW_R_VRING_NUM,
	AMP_FW_R_VRING_ALIGN,
	AMP_FW_STATUS_COUNT
};

/**
 * struct amp_fw_limits - what the caller accepts
 * @machines: allowed e_machine values
 * @nr_machines: entries in @machines; 0 accepts any machine
 * @mem_cap: maximum total p_memsz of the loadable segments; 0 means no cap
 * @require_rsc: reject images without a ".resource_table" section
 */
struct amp_fw_limits {
	const u16 *machines;
	unsigned int nr_machines;
	u64 mem_cap;
	bool require_rsc;
};

/**
 * struct amp_fw_diag - where validation stopped
 * @status: %AMP_FW_OK or the rejection
 * @index: program header, section or resource entry index at fault (0 for
 *	header fields)
 * @value: the offending field value
 */
struct amp_fw_diag {
	enum amp_fw_status status;
	u32 index;
	u64 value;
};

/**
 * struct amp_fw_elf - facts about a validated ELF image
 * @data: the image
 * @size: image size in bytes
 * @elf_class: %AMP_ELFCLASS32 or %AMP_ELFCLASS64
 * @big_endian: the image is ELFDATA2MSB
 * @type: e_type
 * @machine: e_machine
 * @flags: e_flags
 * @entry: e_entry, the boot address
 * @phoff: e_phoff
 * @phentsize: e_phentsize
 * @phnum: e_phnum
 * @shoff: e_shoff
 * @shentsize: e_shentsize
 * @shnum: e_shnum; 0 when the image has no section headers
 * @shstrndx: e_shstrndx
 * @nr_load: number of PT_LOAD segments with a non-zero p_memsz
 * @total_memsz: sum of their p_memsz
 * @relocatable: a loadable segment carries %AMP_QCOM_SEG_RELOCATABLE
 * @hash_index: program header index of the Qualcomm hash segment, or -1
 * @has_rsc: a ".resource_table" section was found and is valid
 * @rsc_shndx: its section index
 * @rsc_offset: its file offset
 * @rsc_size: its size in bytes
 * @rsc_da: its address (sh_addr), where the loaded copy lives
 */
struct amp_fw_elf {
	const u8 *data;
	size_t size;
	u8 elf_class;
	bool big_endian;
	u16 type;
	u16 machine;
	u32 flags;
	u64 entry;
	u64 phoff;
	u16 phentsize;
	u16 phnum;
	u64 shoff;
	u16 shentsize;
	u16 shnum;
	u16 shstrndx;
	unsigned int nr_load;
	u64 total_memsz;
	bool relocatable;
	int hash_index;
	bool has_rsc;
	u16 rsc_shndx;
	size_t rsc_offset;
	size_t rsc_size;
	u64 rsc_da;
};

/**
 * struct amp_fw_seg - one program header, decoded
 * @index: program header index
 * @type: p_type
 * @flags: p_flags
 * @offset: p_offset; not validated, and not to be used, when @filesz is 0
 * @da: p_paddr, the device address the segment is loaded at
 * @filesz: p_filesz
 * @memsz: p_memsz
 */
struct amp_fw_seg {
	u32 index;
	u32 type;
	u32 flags;
	u64 offset;
	u64 da;
	u64 filesz;
	u64 memsz;
};

/**
 * struct amp_fw_rsc_entry - one resource table entry
 * @index: position in the offset array
 * @type: entry type
 * @offset: byte offset of the entry (its struct amp_rsc_hdr) in the table
 * @len: size of the entry including its header: for vdev, its vrings and
 *	config space; for vendor types, the same as @avail
 * @avail: bytes from @offset to the end of the table
 */
struct amp_fw_rsc_entry {
	u32 index;
	u32 type;
	u32 offset;
	u32 len;
	u32 avail;
};

/*
 * The API, documented (kernel-doc) at the definitions in rproc_core/fwparse/
 * and exported from amp_rproc.ko by rproc_core/fwparse_exports.c.
 */
const char *amp_fw_status_str(enum amp_fw_status status);
int __must_check amp_fw_status_errno(enum amp_fw_status status);

int __must_check amp_fw_elf_parse(struct amp_fw_elf *elf, const void *data,
				  size_t size, const struct amp_fw_limits *lim,
				  struct amp_fw_diag *diag);
int __must_check amp_fw_elf_phdr(const struct amp_fw_elf *elf,
				 unsigned int index, struct amp_fw_seg *seg);
bool __must_check amp_fw_elf_next_load(const struct amp_fw_elf *elf,
				       unsigned int *cursor,
				       struct amp_fw_seg *seg);

int __must_check amp_fw_rsc_check(const void *table, size_t size,
				  struct amp_fw_diag *diag);
bool __must_check amp_fw_rsc_next(const void *table, size_t size,
				  unsigned int *cursor,
				  struct amp_fw_rsc_entry *ent);

#endif /* AMPIPC_FWPARSE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Messages and errno values for the firmware validator's status codes.
 * Freestanding: shared by amp_rproc.ko and the host tools.
 */
#include <ampipc/fwparse.h>

struct amp_fw_status_desc {
	const char *msg;
	int err;
};

#define ELF_ERR(msg)	{ msg, -ENOEXEC }
#define RSC_ERR(msg)	{ msg, -EINVAL }
#define LIMIT_ERR(msg)	{ msg, -E2BIG }

static const struct amp_fw_status_desc amp_fw_status_descs[AMP_FW_STATUS_COUNT] = {
	[AMP_FW_OK] = { "no error", 0 },
	[AMP_FW_E_IDENT_TRUNC] =
		ELF_ERR("file is shorter than e_ident (16 bytes)"),
	[AMP_FW_E_MAGIC] =
		ELF_ERR("e_ident[EI_MAG0..EI_MAG3] is not the ELF magic"),
	[AMP_FW_E_CLASS] =
		ELF_ERR("e_ident[EI_CLASS] is neither ELFCLASS32 nor ELFCLASS64"),
	[AMP_FW_E_DATA] =
		ELF_ERR("e_ident[EI_DATA] is neither ELFDATA2LSB nor ELFDATA2MSB"),
	[AMP_FW_E_IDENT_VERSION] =
		ELF_ERR("e_ident[EI_VERSION] is not EV_CURRENT"),
	[AMP_FW_E_EHDR_TRUNC] =
		ELF_ERR("file is shorter than the ELF header (e_ehsize) of its class"),
	[AMP_FW_E_TYPE] =
		ELF_ERR("e_type is neither ET_EXEC nor ET_DYN"),
	[AMP_FW_E_MACHINE] =
		ELF_ERR("e_machine is not an allowed machine"),
	[AMP_FW_E_VERSION] =
		ELF_ERR("e_version is not EV_CURRENT"),
	[AMP_FW_E_EHSIZE] =
		ELF_ERR("e_ehsize does not match the ELF class"),
	[AMP_FW_E_PHENTSIZE] =
		ELF_ERR("e_phentsize does not match the ELF class"),
	[AMP_FW_E_PHNUM_ZERO] =
		ELF_ERR("e_phnum is zero"),
	[AMP_FW_E_PHNUM_XNUM] =
		ELF_ERR("e_phnum is PN_XNUM (extended numbering is not supported)"),
	[AMP_FW_E_PHNUM_MAX] =
		LIMIT_ERR("e_phnum exceeds the supported maximum of 256 program headers"),
	[AMP_FW_E_PHOFF] =
		ELF_ERR("e_phoff places the program header table outside the file"),
	[AMP_FW_E_SHENTSIZE] =
		ELF_ERR("e_shentsize does not match the ELF class"),
	[AMP_FW_E_SHOFF] =
		ELF_ERR("e_shoff places the section header table outside the file"),
	[AMP_FW_E_SHSTRNDX] =
		ELF_ERR("e_shstrndx is not a valid section index"),
	[AMP_FW_E_SHSTRTAB_TYPE] =
		ELF_ERR("sh_type of the section name table (e_shstrndx) is not SHT_STRTAB"),
	[AMP_FW_E_SHSTRTAB_NUL] =
		ELF_ERR("section name table (e_shstrndx) is empty or does not end in NUL"),
	[AMP_FW_E_SH_DATA] =
		ELF_ERR("sh_offset and sh_size place section data outside the file"),
	[AMP_FW_E_SH_NAME] =
		ELF_ERR("sh_name is outside the section name table"),
	[AMP_FW_E_PH_DATA] =
		ELF_ERR("p_offset and p_filesz place segment data outside the file"),
	[AMP_FW_E_PH_FILESZ] =
		ELF_ERR("p_filesz is larger than p_memsz"),
	[AMP_FW_E_PH_WRAP] =
		ELF_ERR("p_paddr + p_memsz wraps the device address space of the ELF class"),
	[AMP_FW_E_PH_OVERLAP] =
		ELF_ERR("p_paddr and p_memsz make two PT_LOAD segments overlap"),
	[AMP_FW_E_HASH_DUP] =
		ELF_ERR("p_flags marks more than one Qualcomm hash segment"),
	[AMP_FW_E_NO_LOAD] =
		ELF_ERR("no PT_LOAD program header with a non-zero p_memsz"),
	[AMP_FW_E_MEM_CAP] = {
		"total p_memsz of the PT_LOAD segments exceeds the memory cap", -EFBIG
	},
	[AMP_FW_E_RSC_MISSING] = {
		"no .resource_table section, and a resource table is required", -ENOENT
	},
	[AMP_FW_E_RSC_DUP] =
		ELF_ERR("sh_name: more than one section is named .resource_table"),
	[AMP_FW_E_RSC_NOBITS] =
		ELF_ERR("sh_type of .resource_table is SHT_NOBITS"),
	[AMP_FW_E_RSC_NOT_LOADED] =
		ELF_ERR("sh_addr/sh_offset of .resource_table match no PT_LOAD file bytes"),
	[AMP_FW_R_TRUNC] =
		RSC_ERR("resource table is shorter than its header (ver, num, reserved)"),
	[AMP_FW_R_VER] =
		RSC_ERR("resource table ver is not 1"),
	[AMP_FW_R_RESERVED] =
		RSC_ERR("resource table reserved[] is not zero"),
	[AMP_FW_R_NUM_MAX] =
		LIMIT_ERR("resource table num exceeds the supported maximum of 256 entries"),
	[AMP_FW_R_OFFSETS] =
		RSC_ERR("resource table offset[] (num entries) runs past the end of the table"),
	[AMP_FW_R_OFFSET_RANGE] =
		RSC_ERR("resource table offset[] points outside the entry area of the table"),
	[AMP_FW_R_OFFSET_ALIGN] =
		RSC_ERR("resource table offset[] is not a multiple of 4"),
	[AMP_FW_R_TYPE] =
		RSC_ERR("resource type is reserved (4..127 or above 512)"),
	[AMP_FW_R_ENTRY_TRUNC] =
		RSC_ERR("resource entry of this type runs past the end of the table"),
	[AMP_FW_R_NAME] =
		RSC_ERR("resource name is not NUL-terminated within 32 bytes"),
	[AMP_FW_R_CARVEOUT_RESERVED] =
		RSC_ERR("carveout reserved is not zero"),
	[AMP_FW_R_CARVEOUT_LEN] =
		RSC_ERR("carveout len is zero"),
	[AMP_FW_R_CARVEOUT_WRAP] =
		RSC_ERR("carveout da + len wraps the 32-bit device address space"),
	[AMP_FW_R_DEVMEM_RESERVED] =
		RSC_ERR("devmem reserved is not zero"),
	[AMP_FW_R_DEVMEM_LEN] =
		RSC_ERR("devmem len is zero"),
	[AMP_FW_R_DEVMEM_WRAP] =
		RSC_ERR("devmem da + len wraps the 32-bit device address space"),
	[AMP_FW_R_TRACE_LEN] =
		RSC_ERR("trace len is zero"),
	[AMP_FW_R_TRACE_WRAP] =
		RSC_ERR("trace da + len wraps the 32-bit device address space"),
	[AMP_FW_R_VDEV_VRINGS] =
		RSC_ERR("vdev num_of_vrings is zero or above 8"),
	[AMP_FW_R_VDEV_RESERVED] =
		RSC_ERR("vdev reserved[] is not zero"),
	[AMP_FW_R_VDEV_VRING_TRUNC] =
		RSC_ERR("vdev num_of_vrings vrings run past the end of the table"),
	[AMP_FW_R_VDEV_CONFIG] =
		RSC_ERR("vdev config_len runs past the end of the table"),
	[AMP_FW_R_VRING_NUM] =
		RSC_ERR("vring num is not a power of two between 1 and 32768"),
	[AMP_FW_R_VRING_ALIGN] =
		RSC_ERR("vring align is zero or not a power of two"),
};

/**
 * amp_fw_status_str() - describe a validation status
 * @status: status from a struct amp_fw_diag
 *
 * Return: a constant message naming the field at fault.
 */
const char *amp_fw_status_str(enum amp_fw_status status)
{
	if ((unsigned int)status >= AMP_FW_STATUS_COUNT)
		return "unknown firmware status";
	return amp_fw_status_descs[status].msg;
}

/**
 * amp_fw_status_errno() - errno for a validation status
 * @status: status from a struct amp_fw_diag
 *
 * See &enum amp_fw_status for the mapping.
 *
 * Return: 0 for %AMP_FW_OK, otherwise a negative errno.
 */
int amp_fw_status_errno(enum amp_fw_status status)
{
	if ((unsigned int)status >= AMP_FW_STATUS_COUNT)
		return -EINVAL;
	return amp_fw_status_descs[status].err;
}

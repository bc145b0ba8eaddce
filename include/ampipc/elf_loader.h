/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF firmware loader of amp_rproc: validates an image with the shared
 * parser, then copies its loadable segments into device memory through a
 * backend's address translation.
 */
#ifndef AMPIPC_ELF_LOADER_H
#define AMPIPC_ELF_LOADER_H

#include <linux/types.h>

#include <ampipc/fwparse.h>

struct device;

/**
 * struct amp_elf_mapping - kernel view of a device address range
 * @va: kernel address of the first byte
 * @len: bytes accessible from @va
 * @is_iomem: @va is I/O memory (use the _io accessors)
 */
struct amp_elf_mapping {
	void *va;
	size_t len;
	bool is_iomem;
};

/**
 * struct amp_elf_xlate - a backend's device address translation
 * @map: look up device address @da for @len bytes and fill @map. Return 0
 *	on success or a negative errno. It is called once per loadable
 *	segment, before anything is written, and must not sleep for long.
 * @priv: passed back to @map
 */
struct amp_elf_xlate {
	int (*map)(void *priv, u64 da, size_t len, struct amp_elf_mapping *map);
	void *priv;
};

/**
 * struct amp_elf_image - what amp_elf_load() found in a loaded image
 * @entry: boot address (e_entry)
 * @elf_class: AMP_ELFCLASS32 or AMP_ELFCLASS64
 * @nr_segments: loadable segments copied
 * @total_memsz: their total size in device memory
 * @hash_index: program header index of the Qualcomm hash segment, or -1
 * @rsc_table: the resource table inside the firmware file, or NULL
 * @rsc_size: its size in bytes
 * @rsc_da: device address of the loaded copy of the table (its sh_addr);
 *	this is the copy the remote reads, so the host's writes go there
 */
struct amp_elf_image {
	u64 entry;
	u8 elf_class;
	unsigned int nr_segments;
	u64 total_memsz;
	int hash_index;
	const void *rsc_table;
	size_t rsc_size;
	u64 rsc_da;
};

/**
 * struct amp_elf_seg_hook - watch segments while they are copied
 * @data: called with consecutive chunks of a segment's file bytes, each
 *	right after it was copied to device memory (not called for a segment
 *	with no file bytes). A non-zero return stops the load.
 * @done: called once per segment after it was copied and zero-filled. A
 *	non-zero return stops the load.
 * @priv: passed back to both
 *
 * When the load stops, every segment written so far is zero-filled over
 * its whole p_memsz (scrubbed) before amp_elf_load_hooked() returns the
 * hook's error. The bundle loader uses this to hash segments in the same
 * pass that copies them.
 */
struct amp_elf_seg_hook {
	int (*data)(void *priv, const struct amp_fw_seg *seg, const void *src,
		    size_t len);
	int (*done)(void *priv, const struct amp_fw_seg *seg);
	void *priv;
};

int amp_elf_load(struct device *dev, const void *data, size_t size,
		 const struct amp_fw_limits *lim,
		 const struct amp_elf_xlate *xlate, struct amp_elf_image *out);
int amp_elf_load_hooked(struct device *dev, const void *data, size_t size,
			const struct amp_fw_limits *lim,
			const struct amp_elf_xlate *xlate,
			const struct amp_elf_seg_hook *hook,
			struct amp_elf_image *out);

#endif /* AMPIPC_ELF_LOADER_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource table: the wire format remote firmware places in its
 * ".resource_table" ELF section to tell the host which memory, trace buffers
 * and virtio devices it expects.
 *
 * Every multi-byte field is little-endian and every structure is packed. The
 * layout is the one OpenAMP, TI IPC and Zephyr firmware already emit, so the
 * values here must not change. Shared by the kernel modules and host tools.
 *
 * A table is a header followed by an array of byte offsets, one per entry,
 * counted from the start of the table. Each entry starts with a struct
 * amp_rsc_hdr whose type selects the payload that follows it.
 */
#ifndef AMPIPC_RSC_TABLE_H
#define AMPIPC_RSC_TABLE_H

#include <ampipc/fwparse_types.h>

/* The only table version defined so far. */
#define AMP_RSC_TABLE_VERSION	1

/* Address value meaning "the host chooses" (FW_RSC_ADDR_ANY). */
#define AMP_RSC_ADDR_ANY	0xffffffffU

/* Length of the NUL-terminated name field of carveout, devmem and trace. */
#define AMP_RSC_NAME_LEN	32

/**
 * enum amp_rsc_type - resource entry types
 * @AMP_RSC_CARVEOUT: physically contiguous memory the host allocates
 * @AMP_RSC_DEVMEM: device memory (registers, SRAM) the host maps for the remote
 * @AMP_RSC_TRACE: trace buffer the remote writes log text into
 * @AMP_RSC_VDEV: virtio device with its vrings and config space
 * @AMP_RSC_LAST: first undefined standard type
 * @AMP_RSC_VENDOR_START: first vendor-specific type
 * @AMP_RSC_VENDOR_END: last vendor-specific type (inclusive)
 */
enum amp_rsc_type {
	AMP_RSC_CARVEOUT	= 0,
	AMP_RSC_DEVMEM		= 1,
	AMP_RSC_TRACE		= 2,
	AMP_RSC_VDEV		= 3,
	AMP_RSC_LAST		= 4,
	AMP_RSC_VENDOR_START	= 128,
	AMP_RSC_VENDOR_END	= 512,
};

/**
 * struct amp_rsc_table - resource table header
 * @ver: table version, must be %AMP_RSC_TABLE_VERSION
 * @num: number of entries
 * @reserved: must be zero
 * @offset: byte offset of each entry from the start of the table
 */
struct amp_rsc_table {
	__le32 ver;
	__le32 num;
	__le32 reserved[2];
	__le32 offset[];
} __packed;

/**
 * struct amp_rsc_hdr - header of every resource entry
 * @type: one of &enum amp_rsc_type, or a vendor type
 * @data: the type-specific payload
 */
struct amp_rsc_hdr {
	__le32 type;
	u8 data[];
} __packed;

/**
 * struct amp_rsc_carveout - physically contiguous memory request
 * @da: device address, or %AMP_RSC_ADDR_ANY
 * @pa: physical address, or %AMP_RSC_ADDR_ANY; written back by the host
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: NUL-terminated name
 */
struct amp_rsc_carveout {
	__le32 da;
	__le32 pa;
	__le32 len;
	__le32 flags;
	__le32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_devmem - device memory mapping request
 * @da: device address
 * @pa: physical address
 * @len: length in bytes
 * @flags: IOMMU protection flags
 * @reserved: must be zero
 * @name: NUL-terminated name
 */
struct amp_rsc_devmem {
	__le32 da;
	__le32 pa;
	__le32 len;
	__le32 flags;
	__le32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_trace - trace buffer declaration
 * @da: device address of the buffer
 * @len: length in bytes
 * @reserved: reserved
 * @name: NUL-terminated name
 */
struct amp_rsc_trace {
	__le32 da;
	__le32 len;
	__le32 reserved;
	u8 name[AMP_RSC_NAME_LEN];
} __packed;

/**
 * struct amp_rsc_vdev_vring - one vring of a virtio device
 * @da: device address, or %AMP_RSC_ADDR_ANY; written back by the host
 * @align: ring alignment in bytes
 * @num: number of descriptors
 * @notifyid: notification id, written back by the host
 * @pa: physical address, written back by the host
 */
struct amp_rsc_vdev_vring {
	__le32 da;
	__le32 align;
	__le32 num;
	__le32 notifyid;
	__le32 pa;
} __packed;

/**
 * struct amp_rsc_vdev - virtio device
 * @id: virtio device id
 * @notifyid: notification id, written back by the host
 * @dfeatures: features the device offers
 * @gfeatures: negotiated features, written back by the host
 * @config_len: length of the config space that follows the vrings
 * @status: virtio status byte, written back by the host
 * @num_of_vrings: number of entries in @vring
 * @reserved: must be zero
 * @vring: @num_of_vrings vrings, then @config_len bytes of config space
 */
struct amp_rsc_vdev {
	__le32 id;
	__le32 notifyid;
	__le32 dfeatures;
	__le32 gfeatures;
	__le32 config_len;
	u8 status;
	u8 num_of_vrings;
	u8 reserved[2];
	struct amp_rsc_vdev_vring vring[];
} __packed;

#endif /* AMPIPC_RSC_TABLE_H */

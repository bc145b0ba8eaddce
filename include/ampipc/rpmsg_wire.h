/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: the virtio rpmsg wire format.
 *
 * Byte-compatible with what OpenAMP, TI IPC and Zephyr remotes speak: a
 * 16-byte header in front of every message, a name service at address 53
 * with 40-byte announcements, feature bit 0 for the name service, queue 0
 * for the host's receive side and queue 1 for its transmit side, 512-byte
 * buffers. Everything is little-endian (virtio byte order of modern
 * remotes).
 *
 * One extension, which a remote has to opt into: AMP_VIRTIO_RPMSG_F_BUFSZ
 * (device feature bit 20) with struct amp_rpmsg_vcfg_bufsz at offset 0 of the
 * vdev config space negotiates buffer sizes other than 512, different in
 * each direction. docs/rpmsg.md specifies it.
 */
#ifndef AMPIPC_RPMSG_WIRE_H
#define AMPIPC_RPMSG_WIRE_H

#include <linux/types.h>

/* virtio device id of rpmsg in a resource table. */
#define AMP_VIRTIO_ID_RPMSG_WIRE	7

/* Feature bit: the remote supports name-service announcements. */
#define AMP_VIRTIO_RPMSG_F_NS		0
/* Feature bit (extension): buffer sizes come from the config space. */
#define AMP_VIRTIO_RPMSG_F_BUFSZ	20

/* Host receive queue (remote to host) and transmit queue (host to remote). */
#define AMP_VIRTIO_RPMSG_VQ_RX		0
#define AMP_VIRTIO_RPMSG_VQ_TX		1

/* Standard buffer size, header included, and the most buffers used. */
#define AMP_RPMSG_STD_BUF_SIZE		512U
#define AMP_RPMSG_MAX_BUFS		512U

/* Limits of a negotiated buffer size, header included. */
#define AMP_RPMSG_BUFSZ_MIN		64U
#define AMP_RPMSG_BUFSZ_MAX		65536U
#define AMP_RPMSG_BUFSZ_ALIGN		64U

/* The name service's address. */
#define AMP_RPMSG_NS_ADDR		53U

/* Bytes of a channel or service name, NUL included. */
#define AMP_RPMSG_NAME_SIZE		32

/**
 * struct amp_rpmsg_hdr - header of every rpmsg message
 * @src: source address
 * @dst: destination address
 * @reserved: zero when sent, ignored when received
 * @len: payload bytes after the header
 * @flags: zero when sent, ignored when received
 * @data: the payload
 */
struct amp_rpmsg_hdr {
	__le32 src;
	__le32 dst;
	__le32 reserved;
	__le16 len;
	__le16 flags;
	u8 data[];
} __packed;

/**
 * enum amp_rpmsg_ns_flags - what a name-service message announces
 * @AMP_RPMSG_NS_CREATE: a service appeared at the address
 * @AMP_RPMSG_NS_DESTROY: the service is gone
 */
enum amp_rpmsg_ns_flags {
	AMP_RPMSG_NS_CREATE	= 0,
	AMP_RPMSG_NS_DESTROY	= 1,
};

/**
 * struct amp_rpmsg_ns_msg - name-service announcement, sent to address 53
 * @name: NUL-terminated service name
 * @addr: address of the announcing endpoint
 * @flags: an &enum amp_rpmsg_ns_flags value
 */
struct amp_rpmsg_ns_msg {
	char name[AMP_RPMSG_NAME_SIZE];
	__le32 addr;
	__le32 flags;
} __packed;

/**
 * struct amp_rpmsg_vcfg_bufsz - buffer-size extension in the config space
 * @h2r_buf_size: bytes of each buffer on queue 1 (host to remote), header
 *	included
 * @r2h_buf_size: bytes of each buffer on queue 0 (remote to host), header
 *	included
 *
 * At offset 0 of the vdev config space (config_len >= 8). The remote writes
 * the sizes it wants and offers %AMP_VIRTIO_RPMSG_F_BUFSZ; if the host
 * accepts the feature it writes the sizes it will use (never larger than
 * asked) back here before it sets DRIVER_OK, and the remote reads them
 * after DRIVER_OK. Without the feature both are 512.
 */
struct amp_rpmsg_vcfg_bufsz {
	__le32 h2r_buf_size;
	__le32 r2h_buf_size;
} __packed;

#endif /* AMPIPC_RPMSG_WIRE_H */

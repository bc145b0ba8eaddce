/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ampipc: userspace ABI of the rpmsg character devices (amp_rpmsg_char).
 *
 * /dev/amp_rpmsg_ctrlN (one per rpmsg link) and /dev/amp_rpmsgN (one per
 * exported channel or created endpoint) take the ioctls of mainline's
 * <linux/rpmsg.h> with the same numbers and layouts: a program written for
 * /dev/rpmsg_ctrlN and /dev/rpmsgN works here once its paths change. The
 * AMP_RPMSG_*_INFO and AMP_RPMSG_SET_DST ioctls are extensions with numbers
 * mainline does not use. docs/userspace-policy.md describes who may do what
 * and which errno each refusal gives.
 */
#ifndef _UAPI_LINUX_AMP_RPMSG_H
#define _UAPI_LINUX_AMP_RPMSG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#ifndef AMP_RPMSG_ADDR_ANY
#define AMP_RPMSG_ADDR_ANY	0xFFFFFFFFU
#endif

/* Addresses below this are reserved (53 is the name service). */
#define AMP_RPMSG_RESERVED_ADDRS	1024

/**
 * struct amp_rpmsg_endpoint_info - an endpoint or channel
 * @name: NUL-terminated name
 * @src: local address, or %AMP_RPMSG_ADDR_ANY
 * @dst: remote address, or %AMP_RPMSG_ADDR_ANY
 *
 * The layout of mainline's struct rpmsg_endpoint_info.
 */
struct amp_rpmsg_endpoint_info {
	char name[32];
	__u32 src;
	__u32 dst;
};

/* Control node: create an endpoint node (CAP_SYS_ADMIN). */
#define AMP_RPMSG_CREATE_EPT_IOCTL \
	_IOW(0xb5, 0x1, struct amp_rpmsg_endpoint_info)
/* Endpoint node: destroy a node created by AMP_RPMSG_CREATE_EPT_IOCTL. */
#define AMP_RPMSG_DESTROY_EPT_IOCTL	_IO(0xb5, 0x2)
/* Control node: create a channel on the link (CAP_SYS_ADMIN). */
#define AMP_RPMSG_CREATE_DEV_IOCTL \
	_IOW(0xb5, 0x3, struct amp_rpmsg_endpoint_info)
/* Control node: release a channel (CAP_SYS_ADMIN). */
#define AMP_RPMSG_RELEASE_DEV_IOCTL \
	_IOW(0xb5, 0x4, struct amp_rpmsg_endpoint_info)

/* struct amp_rpmsg_node_info.flags */
#define AMP_RPMSG_NODE_CHANNEL	(1U << 0)	/* an exported channel */
#define AMP_RPMSG_NODE_CREATED	(1U << 1)	/* from CREATE_EPT */
#define AMP_RPMSG_NODE_DEAD	(1U << 2)	/* link or channel gone */
#define AMP_RPMSG_NODE_OPEN	(1U << 3)	/* endpoint exists */

/**
 * struct amp_rpmsg_node_info - state of an endpoint node
 * @name: channel or endpoint name
 * @src: local address while open, else the configured one (or ANY)
 * @dst: the fixed remote address
 * @mtu: largest payload a write may carry (the link's MTU, or the node's
 *	size limit when smaller)
 * @flags: %AMP_RPMSG_NODE_* bits
 * @rx_msgs: messages received
 * @tx_msgs: messages sent
 * @rx_drops: messages dropped because the receive queue was full
 * @tx_refused: writes refused by the node's size or rate limit
 * @max_msg_size: size limit (0: the MTU)
 * @rate_limit: messages per second a writer may send (0: unlimited)
 * @reserved: zero
 */
struct amp_rpmsg_node_info {
	char name[32];
	__u32 src;
	__u32 dst;
	__u32 mtu;
	__u32 flags;
	__u64 rx_msgs;
	__u64 tx_msgs;
	__u64 rx_drops;
	__u64 tx_refused;
	__u32 max_msg_size;
	__u32 rate_limit;
	__u32 reserved[4];
};

/* Endpoint node: read its state (anyone who has it open). */
#define AMP_RPMSG_GET_INFO_IOCTL	_IOR(0xb5, 0x20, struct amp_rpmsg_node_info)
/* Endpoint node: change the remote address (CAP_SYS_ADMIN). */
#define AMP_RPMSG_SET_DST_IOCTL		_IOW(0xb5, 0x21, __u32)

#endif /* _UAPI_LINUX_AMP_RPMSG_H */

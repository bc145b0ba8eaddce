/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: the driver side of a split ring that amp_rpmsg_virtio drives
 * itself (vring_driver.c). The kernel virtqueue over the same memory only
 * carries notifications. Descriptor i is always buffer i; what the remote
 * writes (the used ring) is read once per field and returned unchecked, for
 * the caller to check against what it handed out. Callers hold the ring's
 * lock.
 */
#ifndef AMP_RPMSG_VRING_DRIVER_H
#define AMP_RPMSG_VRING_DRIVER_H

#include <linux/types.h>
#include <linux/virtio.h>
#include <linux/virtio_ring.h>

/**
 * struct amp_vrp_ring - the driver side of one split ring in shared memory
 * @vr: its layout (descriptor table, avail and used rings)
 * @vq: the kernel virtqueue over it, for notifications only
 * @mask: ring entries minus one
 * @nbufs: buffers on this ring; descriptor i is buffer i
 * @buf_pa: physical address of buffer 0 (what descriptors carry)
 * @buf_size: bytes of a buffer
 * @desc_flags: flags of every descriptor (WRITE on rx, none on tx)
 * @avail: avail index we published
 * @kicked: @avail when the remote was last considered for a kick
 * @used: used elements consumed
 * @event: VIRTIO_RING_F_EVENT_IDX was negotiated
 * @quiet: the remote is asked not to notify us of used buffers
 */
struct amp_vrp_ring {
	struct vring vr;
	struct virtqueue *vq;
	u16 mask;
	u16 nbufs;
	phys_addr_t buf_pa;
	size_t buf_size;
	u16 desc_flags;
	u16 avail;
	u16 kicked;
	u16 used;
	bool event;
	bool quiet;
};

int amp_vrp_ring_init(struct virtio_device *vdev, struct amp_vrp_ring *r,
		      struct virtqueue *vq, u16 desc_flags);
void amp_vrp_ring_post(struct virtio_device *vdev, struct amp_vrp_ring *r,
		       unsigned int id, u32 len);
void amp_vrp_ring_kick(struct virtio_device *vdev, struct amp_vrp_ring *r);
void amp_vrp_ring_notify(struct virtio_device *vdev, struct amp_vrp_ring *r,
			 bool on);
int amp_vrp_ring_get(struct virtio_device *vdev, struct amp_vrp_ring *r,
		     u32 *id, u32 *len);

#endif /* AMP_RPMSG_VRING_DRIVER_H */

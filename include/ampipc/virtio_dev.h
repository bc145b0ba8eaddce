/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: virtio devices over a remote processor's vdev resources
 * (amp_rproc_virtio.ko).
 *
 * amp_virtio_dev_add() turns a struct amp_rproc_vdev (vrings already
 * allocated, resource-table entry loaded) into a device on the kernel's
 * virtio bus. Its virtqueues are the kernel's own split rings, laid out in
 * the vring memory the caller allocated; kicks go to the host ops' @kick;
 * the caller reports the remote's notifications with
 * amp_virtio_dev_vring_interrupt(). Negotiated features and the status byte
 * are written back into the entry (gfeatures, status) and config-space
 * accesses go to the config area after the vrings, where the remote reads
 * them.
 *
 * Coexistence: the device's virtio id is not the resource table's id but
 * %AMP_VIRTIO_ID_BASE plus it (rpmsg: %AMP_VIRTIO_ID_RPMSG), so stock
 * drivers (virtio_rpmsg_bus matches id 7) never bind it; only ampipc's own
 * drivers match those ids. The module parameter ``interop_ids`` of
 * amp_rproc_virtio (off by default) registers devices with the table's id
 * instead, for the stock rpmsg stack, under a parent device whose coherent
 * DMA allocations come from the host ops' shm_alloc (docs/rpmsg.md,
 * "Interop mode").
 */
#ifndef AMPIPC_VIRTIO_DEV_H
#define AMPIPC_VIRTIO_DEV_H

#include <linux/types.h>

#include <ampipc/rproc_vdev.h>

struct amp_rpmsg_channel_info;
struct device;
struct virtio_device;
struct virtqueue;
struct vring;

/* "AM" in the high half: far above every id the virtio spec assigns. */
#define AMP_VIRTIO_ID_BASE	0x414d0000U
#define AMP_VIRTIO_ID_RPMSG	(AMP_VIRTIO_ID_BASE + 7)
/* Vendor id of ampipc's virtio devices ("AMPC"). */
#define AMP_VIRTIO_VENDOR	0x414d5043U

/**
 * struct amp_virtio_host_ops - how a virtio device reaches its remote
 * @kick: notify the remote that vring @vring has work; any context
 * @shm_alloc: allocate @size bytes of memory the remote can reach, zeroed,
 *	physically contiguous and in the kernel's linear map or vmap area;
 *	return its kernel address and fill *@da and *@pa, or NULL
 * @shm_free: free memory from @shm_alloc
 * @channels: static rpmsg channels the backend declares for remotes that
 *	never announce (may be NULL)
 * @nr_channels: entries in @channels
 */
struct amp_virtio_host_ops {
	void (*kick)(struct amp_rproc_vdev *vdev, unsigned int vring);
	void *(*shm_alloc)(struct amp_rproc_vdev *vdev, size_t size, u64 *da,
			   phys_addr_t *pa);
	void (*shm_free)(struct amp_rproc_vdev *vdev, void *va, size_t size);
	const struct amp_rpmsg_channel_info *channels;
	unsigned int nr_channels;
};

int amp_virtio_dev_add(struct amp_rproc_vdev *vdev, struct device *parent,
		       const struct amp_virtio_host_ops *ops);
void amp_virtio_dev_remove(struct amp_rproc_vdev *vdev);
void amp_virtio_dev_vring_interrupt(struct amp_rproc_vdev *vdev,
				    unsigned int vring);
struct virtio_device *amp_virtio_dev_get_virtio(struct amp_rproc_vdev *vdev);
bool amp_virtio_is_amp(struct virtio_device *vdev);
void *amp_virtio_shm_alloc(struct virtio_device *vdev, size_t size, u64 *da,
			   phys_addr_t *pa);
void amp_virtio_shm_free(struct virtio_device *vdev, void *va, size_t size);
unsigned long amp_virtio_bad_vring(struct amp_rproc_vdev *vdev);
int amp_virtio_vring_layout(struct virtqueue *vq, struct vring *vr);
const struct amp_rpmsg_channel_info *
amp_virtio_static_channels(struct virtio_device *vdev, unsigned int *nr);

#endif /* AMPIPC_VIRTIO_DEV_H */

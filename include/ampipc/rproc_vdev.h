/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-off between the amp_rproc core and a vdev transport (the virtio
 * transport, amp_rproc_virtio).
 *
 * While a processor boots, the core walks the VDEV entries of its resource
 * table. For each one it allocates the vrings (at the device address the
 * table asks for, or one it chooses inside a carveout window), assigns
 * notify ids, writes pa/da/notifyid back into the loaded table, and fills a
 * struct amp_rproc_vdev. Once the processor has been started, the core calls
 * the registered transport's @add for every vdev; before it stops the
 * processor (stop, crash recovery, unregister) it calls @remove.
 *
 * The transport negotiates features with the remote through @rsc (the loaded
 * copy of the entry, which the remote reads), allocates its shared buffers
 * with amp_rproc_vdev_shm_alloc(), notifies the remote with
 * amp_rproc_vdev_kick(), and receives the remote's notifications through its
 * @vring_interrupt, which the core calls from amp_rproc_vq_interrupt().
 *
 * Everything in @rsc and in the vrings is written by the remote and is
 * untrusted: the transport re-validates what it reads from there.
 */
#ifndef AMPIPC_RPROC_VDEV_H
#define AMPIPC_RPROC_VDEV_H

#include <linux/types.h>

#include <ampipc/rsc_table.h>

struct amp_rproc;
struct module;

/* Most vrings one vdev may declare. */
#define AMP_RPROC_MAX_VRINGS	2

/**
 * struct amp_rproc_vring - one vring, allocated by the core
 * @va: kernel address of the ring (zeroed before the remote starts)
 * @da: device address the remote uses for it
 * @pa: physical address
 * @size: bytes reserved for it (at least vring_size(@num, @align))
 * @num: number of descriptors (a power of two)
 * @align: ring alignment
 * @notifyid: notify id the backend's kick and interrupt use for it
 */
struct amp_rproc_vring {
	void *va;
	u64 da;
	phys_addr_t pa;
	size_t size;
	u32 num;
	u32 align;
	u32 notifyid;
};

/**
 * struct amp_rproc_vdev - one VDEV resource of a booting processor
 * @rproc: the processor
 * @index: index of this vdev among the processor's vdevs (0, 1, ...)
 * @id: virtio device id from the table (7 for rpmsg)
 * @rsc: the entry in the loaded table; @rsc->gfeatures, @rsc->status and the
 *	config space after the vrings are where the transport writes back
 * @rsc_len: bytes of @rsc including vrings and config space
 * @config: config space inside @rsc (NULL when config_len is 0)
 * @config_len: bytes of @config
 * @num_vrings: entries in @vring
 * @vring: the vrings
 * @transport_priv: owned by the transport between @add and @remove
 */
struct amp_rproc_vdev {
	struct amp_rproc *rproc;
	unsigned int index;
	u32 id;
	struct amp_rsc_vdev *rsc;
	size_t rsc_len;
	void *config;
	u32 config_len;
	unsigned int num_vrings;
	struct amp_rproc_vring vring[AMP_RPROC_MAX_VRINGS];
	void *transport_priv;
};

/**
 * struct amp_rproc_vdev_transport - a vdev transport's callbacks
 * @owner: the transport module (pinned while a vdev is added)
 * @add: the processor is running; create the device for @vdev. A failure
 *	is logged and the processor keeps running without that device.
 * @remove: the processor is about to stop; tear the device down. Must not
 *	fail.
 * @vring_interrupt: the remote notified vring @vring of @vdev. Called from
 *	the backend's interrupt context (hard or threaded); must not sleep.
 *	It can run as soon as @add has started (the remote may notify once
 *	the device is ready, before @add returns), so it must cope with a
 *	device still being set up.
 */
struct amp_rproc_vdev_transport {
	struct module *owner;
	int (*add)(struct amp_rproc_vdev *vdev);
	void (*remove)(struct amp_rproc_vdev *vdev);
	void (*vring_interrupt)(struct amp_rproc_vdev *vdev,
				unsigned int vring);
};

int amp_rproc_vdev_register_transport(const struct amp_rproc_vdev_transport *t);
void amp_rproc_vdev_unregister_transport(const struct amp_rproc_vdev_transport *t);
void amp_rproc_vdev_kick(struct amp_rproc_vdev *vdev, unsigned int vring);
void *amp_rproc_vdev_shm_alloc(struct amp_rproc_vdev *vdev, size_t size,
			       u64 *da, phys_addr_t *pa);
void amp_rproc_vdev_shm_free(struct amp_rproc_vdev *vdev, void *va,
			     size_t size);
struct device *amp_rproc_vdev_parent(struct amp_rproc_vdev *vdev);

#endif /* AMPIPC_RPROC_VDEV_H */

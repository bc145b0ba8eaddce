// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the amp_rproc core's vdev transport (include/ampipc/rproc_vdev.h)
 * on top of the virtio devices of virtio_dev.c.
 */

#include <linux/module.h>

#include <ampipc/rproc_vdev.h>
#include <ampipc/virtio_dev.h>

#include "virtio_internal.h"

static const struct amp_virtio_host_ops amp_rproc_virtio_host_ops = {
	.kick = amp_rproc_vdev_kick,
	.shm_alloc = amp_rproc_vdev_shm_alloc,
	.shm_free = amp_rproc_vdev_shm_free,
};

static int amp_rproc_virtio_add(struct amp_rproc_vdev *vdev)
{
	return amp_virtio_dev_add(vdev, amp_rproc_vdev_parent(vdev),
				  &amp_rproc_virtio_host_ops);
}

static const struct amp_rproc_vdev_transport amp_rproc_virtio_transport = {
	.owner = THIS_MODULE,
	.add = amp_rproc_virtio_add,
	.remove = amp_virtio_dev_remove,
	.vring_interrupt = amp_virtio_dev_vring_interrupt,
};

int amp_rproc_virtio_glue_init(void)
{
	return amp_rproc_vdev_register_transport(&amp_rproc_virtio_transport);
}

void amp_rproc_virtio_glue_exit(void)
{
	amp_rproc_vdev_unregister_transport(&amp_rproc_virtio_transport);
}

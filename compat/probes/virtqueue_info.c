// SPDX-License-Identifier: GPL-2.0
/* 6.11: virtio_find_vqs() takes struct virtqueue_info. */
#include <linux/virtio_config.h>

int amp_probe(struct virtio_device *vdev, struct virtqueue **vqs);
int amp_probe(struct virtio_device *vdev, struct virtqueue **vqs)
{
	struct virtqueue_info info[1] = { { .name = "amp" } };

	return virtio_find_vqs(vdev, 1, vqs, info, NULL);
}

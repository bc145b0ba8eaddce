// SPDX-License-Identifier: GPL-2.0
/*
 * struct device has per-device DMA operations (CONFIG_DMA_OPS up to 6.10,
 * CONFIG_ARCH_HAS_DMA_OPS later); kernels without them cannot give a device
 * a coherent allocator of its own from a module.
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>

static void __maybe_unused amp_probe(struct device *dev,
				     const struct dma_map_ops *ops)
{
	dev->dma_ops = ops;
	set_dma_ops(dev, ops);
}

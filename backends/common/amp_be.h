/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the SoC backends (header only: each backend is its own
 * module and links none of the others).
 *
 * Every backend reaches its hardware through a few narrow boundaries so that
 * the KUnit suites can put a register-level fake behind each of them:
 *
 * - register blocks are regmaps: a named MEM resource mapped with
 *   regmap-mmio, or, for devices without one (an MFD child, a test), a regmap
 *   of the same name registered on the parent device;
 * - system-controller registers are regmaps found through a firmware-node
 *   reference (a DT "syscon" phandle, or any device with a regmap that the
 *   reference points at);
 * - memories are struct amp_rproc_window entries, produced by a
 *   struct amp_be_mem_ops (ioremap/memremap in the driver, plain memory in
 *   the tests).
 */
#ifndef AMPIPC_BACKENDS_AMP_BE_H
#define AMPIPC_BACKENDS_AMP_BE_H

#include <linux/device.h>
#include <linux/err.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mfd/syscon.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>

#include <ampipc/rproc.h>

/* MODULE_DEVICE_TABLE(), unless the build's modpost cannot check it. */
#ifdef AMP_NO_DEVICE_TABLES
#define AMP_MODULE_DEVICE_TABLE(type, name)
#else
#define AMP_MODULE_DEVICE_TABLE(type, name) MODULE_DEVICE_TABLE(type, name)
#endif

/**
 * struct amp_be_mem_ops - how a backend reaches its memories
 * @map_mem: map the internal memory called @name (a MEM resource of that
 *	name on real hardware) into @win: @win->pa, @win->size and @win->va
 *	are filled in, and %AMP_RPROC_WIN_IOMEM is or-ed into @win->flags when
 *	the mapping is I/O memory. Return -ENOENT when the device has no such
 *	memory, another negative errno on failure.
 * @carveout: fill @win from the device's main reserved-memory region
 *	("memory-region" index 0); -ENOENT when it has none.
 */
struct amp_be_mem_ops {
	int (*map_mem)(struct platform_device *pdev, const char *name,
		       struct amp_rproc_window *win);
	int (*carveout)(struct platform_device *pdev,
			struct amp_rproc_window *win);
};

static inline int amp_be_hw_map_mem(struct platform_device *pdev,
				    const char *name,
				    struct amp_rproc_window *win)
{
	struct resource *res;
	void __iomem *va;

	res = platform_get_resource_byname(pdev, IORESOURCE_MEM, name);
	if (!res)
		return -ENOENT;
	va = devm_ioremap_resource(&pdev->dev, res);
	if (IS_ERR(va))
		return PTR_ERR(va);
	win->pa = res->start;
	win->size = resource_size(res);
	win->va = (void __force *)va;
	win->flags |= AMP_RPROC_WIN_IOMEM;
	return 0;
}

static inline int amp_be_hw_carveout(struct platform_device *pdev,
				     struct amp_rproc_window *win)
{
	struct device *dev = &pdev->dev;
	struct device_node *np;
	struct reserved_mem *rmem;
	void *va;

	if (!IS_ENABLED(CONFIG_OF) || !dev->of_node)
		return -ENOENT;
	np = of_parse_phandle(dev->of_node, "memory-region", 0);
	if (!np)
		return -ENOENT;
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	if (!rmem || !rmem->size) {
		dev_err(dev, "memory-region: not a reserved-memory node\n");
		return -EINVAL;
	}
	va = devm_memremap(dev, rmem->base, rmem->size, MEMREMAP_WC);
	if (IS_ERR(va)) {
		dev_err(dev, "memory-region: cannot map %pa (%ld)\n",
			&rmem->base, PTR_ERR(va));
		return PTR_ERR(va);
	}
	win->pa = rmem->base;
	win->size = rmem->size;
	win->va = va;
	return 0;
}

/* The production memory operations (real resources, reserved memory). */
static const struct amp_be_mem_ops amp_be_hw_mem_ops __maybe_unused = {
	.map_mem = amp_be_hw_map_mem,
	.carveout = amp_be_hw_carveout,
};

/**
 * amp_be_regmap() - a named register block as a regmap
 * @pdev: the backend's device
 * @name: MEM resource name (and parent regmap name)
 * @optional: return NULL instead of an error when the block is absent
 *
 * A MEM resource called @name is mapped and wrapped in a 32-bit regmap-mmio.
 * Without one, a regmap called @name registered on the parent device is
 * used (a multi-function parent, or a test's register fake).
 *
 * Return: the regmap, NULL (only when @optional), or an ERR_PTR().
 */
static inline struct regmap *amp_be_regmap(struct platform_device *pdev,
					   const char *name, bool optional)
{
	struct device *dev = &pdev->dev;
	struct regmap_config cfg = {
		.name = name,
		.reg_bits = 32,
		.val_bits = 32,
		.reg_stride = 4,
	};
	struct resource *res;
	struct regmap *map;
	void __iomem *base;

	res = platform_get_resource_byname(pdev, IORESOURCE_MEM, name);
	if (res) {
		base = devm_ioremap_resource(dev, res);
		if (IS_ERR(base))
			return ERR_CAST(base);
		cfg.max_register = resource_size(res) - 4;
		return devm_regmap_init_mmio(dev, base, &cfg);
	}
	map = dev->parent ? dev_get_regmap(dev->parent, name) : NULL;
	if (map)
		return map;
	if (optional)
		return NULL;
	dev_err(dev, "%s: register block missing (no MEM resource or parent regmap of that name)\n",
		name);
	return ERR_PTR(-ENODEV);
}

/**
 * amp_be_regmap_ref() - a system-controller regmap named by a reference
 * @dev: the backend's device
 * @prop: reference property (DT: phandle followed by @nargs cells)
 * @nargs: argument cells after the reference
 * @args: receives the @nargs arguments
 *
 * With a DT node behind the reference, the syscon regmap of that node;
 * otherwise the regmap registered on the device that owns the referenced
 * firmware node.
 *
 * Return: the regmap or an ERR_PTR(): -ENOENT when @prop is absent,
 * -EINVAL when it is malformed, -EPROBE_DEFER while its device is missing.
 */
static inline struct regmap *amp_be_regmap_ref(struct device *dev,
					       const char *prop,
					       unsigned int nargs, u32 *args)
{
	struct fwnode_reference_args ref;
	struct regmap *map = NULL;
	struct device *owner;
	unsigned int i;
	int ret;

	ret = fwnode_property_get_reference_args(dev_fwnode(dev), prop, NULL,
						 nargs, 0, &ref);
	if (ret)
		return ERR_PTR(ret);
	if (ref.nargs < nargs) {
		dev_err(dev, "%s: needs %u argument cells, has %u\n", prop,
			nargs, ref.nargs);
		fwnode_handle_put(ref.fwnode);
		return ERR_PTR(-EINVAL);
	}
	for (i = 0; i < nargs; i++)
		args[i] = ref.args[i];

	if (is_of_node(ref.fwnode)) {
		map = syscon_node_to_regmap(to_of_node(ref.fwnode));
	} else {
		owner = bus_find_device_by_fwnode(&platform_bus_type,
						  ref.fwnode);
		if (owner) {
			map = dev_get_regmap(owner, NULL);
			put_device(owner);
		}
		if (!map)
			map = ERR_PTR(-EPROBE_DEFER);
	}
	fwnode_handle_put(ref.fwnode);
	return map;
}

#endif /* AMPIPC_BACKENDS_AMP_BE_H */

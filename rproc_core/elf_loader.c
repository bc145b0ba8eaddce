// SPDX-License-Identifier: GPL-2.0
/*
 * ELF firmware loader.
 *
 * The image is validated completely by the shared parser before anything
 * else happens. Then every loadable segment is translated to a kernel
 * address through the backend; only when all of them translate, and each
 * translation covers the segment's whole p_memsz, are the segments copied
 * and zero-filled. A rejected image therefore leaves device memory untouched.
 *
 * Messages are rate-limited: firmware comes from files anyone with access to
 * sysfs may point the loader at, and tests feed it thousands of bad images.
 */
#include <linux/device.h>
#include <linux/io.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/elf_loader.h>

static unsigned long fw_mem_cap = 256;
module_param(fw_mem_cap, ulong, 0644);
MODULE_PARM_DESC(fw_mem_cap,
		 "Cap on a firmware image's total loadable size in MiB when the backend sets none (0: no cap)");

static u64 amp_elf_default_cap(void)
{
	u64 mib = READ_ONCE(fw_mem_cap);

	if (mib > (U64_MAX >> 20))
		return 0;
	return mib << 20;
}

static int amp_elf_map_segments(struct device *dev,
				const struct amp_fw_elf *elf,
				const struct amp_elf_xlate *xlate,
				struct amp_elf_mapping *maps)
{
	struct amp_elf_mapping *m = maps;
	struct amp_fw_seg seg;
	unsigned int cursor = 0;
	int ret;

	while (amp_fw_elf_next_load(elf, &cursor, &seg)) {
		*m = (struct amp_elf_mapping){ .va = NULL };
		ret = -EINVAL;
		if (seg.memsz == (size_t)seg.memsz)
			ret = xlate->map(xlate->priv, seg.da, (size_t)seg.memsz, m);
		if (ret || !m->va || m->len < seg.memsz) {
			dev_err_ratelimited(dev,
					    "firmware segment %u (da %#llx, memsz %#llx) not in device memory (%d)\n",
					    seg.index, seg.da, seg.memsz, ret);
			/* Out of memory is not a bad image: say so. */
			return ret == -ENOMEM ? ret : -EINVAL;
		}
		m++;
	}
	return 0;
}

/* Hooked copies go in chunks so the hook sees data while it is hot. */
#define AMP_ELF_CHUNK	(256 * 1024)

static void amp_elf_fill(const struct amp_elf_mapping *m, size_t at,
			 const void *src, size_t len)
{
	void __iomem *io = (void __iomem __force *)m->va;

	if (m->is_iomem) {
		if (src)
			memcpy_toio(io + at, src, len);
		else
			memset_io(io + at, 0, len);
	} else {
		if (src)
			memcpy((u8 *)m->va + at, src, len);
		else
			memset((u8 *)m->va + at, 0, len);
	}
}

static int amp_elf_copy_segment(const struct amp_fw_elf *elf,
				const struct amp_fw_seg *seg,
				const struct amp_elf_mapping *m,
				const struct amp_elf_seg_hook *hook)
{
	size_t filesz = seg->filesz, zero = seg->memsz - seg->filesz;
	size_t done = 0, n;
	const u8 *src;
	int ret;

	/* p_offset is only meaningful (and only validated) if p_filesz != 0. */
	while (done < filesz) {
		src = elf->data + seg->offset + done;
		n = hook ? min_t(size_t, filesz - done, AMP_ELF_CHUNK) : filesz;
		amp_elf_fill(m, done, src, n);
		done += n;
		if (hook && hook->data) {
			ret = hook->data(hook->priv, seg, src, n);
			if (ret)
				return ret;
			cond_resched();
		}
	}
	amp_elf_fill(m, filesz, NULL, zero);
	return hook && hook->done ? hook->done(hook->priv, seg) : 0;
}

/* p_memsz of the index-th loadable segment. */
static size_t maps_memsz(const struct amp_fw_elf *elf, unsigned int index)
{
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0;

	while (amp_fw_elf_next_load(elf, &cursor, &seg))
		if (i++ == index)
			return (size_t)seg.memsz;
	return 0;
}

/**
 * amp_elf_load_hooked() - validate a firmware ELF image and load it, watched
 * @dev: device the messages are about
 * @data: the image
 * @size: its size in bytes
 * @lim: allowed machines, memory cap and whether a resource table is
 *	required; a zero @lim->mem_cap (or a NULL @lim) means the fw_mem_cap
 *	module parameter
 * @xlate: the backend's device address translation
 * @hook: segment callbacks, or NULL (see &struct amp_elf_seg_hook)
 * @out: on success, the boot address and where the resource table is
 *
 * Rejects the image with a message naming the field at fault if
 * amp_fw_elf_parse() does. Otherwise translates every loadable segment's
 * device address (p_paddr) for its whole p_memsz, then copies p_filesz bytes
 * to each (with memcpy_toio() for I/O memory) and zero-fills the rest up to
 * p_memsz. Nothing is written unless every segment translates. If @hook
 * stops the load, the segments written so far are zero-filled again over
 * their whole p_memsz and its error is returned.
 *
 * Context: process context; @xlate->map() is called without locks held.
 * Return: 0 on success; the parser's errno for a rejected image (see
 * &enum amp_fw_status); -EINVAL if a segment is not backed by device memory;
 * -ENOMEM if out of memory; the hook's error if it stopped the load.
 */
int amp_elf_load_hooked(struct device *dev, const void *data, size_t size,
			const struct amp_fw_limits *lim,
			const struct amp_elf_xlate *xlate,
			const struct amp_elf_seg_hook *hook,
			struct amp_elf_image *out)
{
	struct amp_fw_limits limits = { .machines = NULL };
	struct amp_elf_mapping *maps;
	struct amp_fw_diag diag;
	struct amp_fw_elf elf;
	struct amp_fw_seg seg;
	unsigned int cursor = 0, i = 0, j;
	int ret;

	if (lim)
		limits = *lim;
	if (!limits.mem_cap)
		limits.mem_cap = amp_elf_default_cap();

	ret = amp_fw_elf_parse(&elf, data, size, &limits, &diag);
	if (ret) {
		dev_err_ratelimited(dev, "firmware rejected: %s (index %u, value %#llx)\n",
				    amp_fw_status_str(diag.status), diag.index,
				    diag.value);
		return ret;
	}

	maps = kcalloc(elf.nr_load, sizeof(*maps), GFP_KERNEL);
	if (!maps)
		return -ENOMEM;
	ret = amp_elf_map_segments(dev, &elf, xlate, maps);
	if (ret)
		goto out_free;

	while (amp_fw_elf_next_load(&elf, &cursor, &seg)) {
		ret = amp_elf_copy_segment(&elf, &seg, &maps[i], hook);
		if (ret) {
			/* Scrub: nothing of a refused image stays behind. */
			for (j = 0; j <= i; j++)
				amp_elf_fill(&maps[j], 0, NULL, maps_memsz(&elf, j));
			goto out_free;
		}
		i++;
	}

	*out = (struct amp_elf_image){
		.entry = elf.entry,
		.elf_class = elf.elf_class,
		.nr_segments = elf.nr_load,
		.total_memsz = elf.total_memsz,
		.hash_index = elf.hash_index,
		.rsc_table = elf.has_rsc ? elf.data + elf.rsc_offset : NULL,
		.rsc_size = elf.has_rsc ? elf.rsc_size : 0,
		.rsc_da = elf.has_rsc ? elf.rsc_da : 0,
	};
out_free:
	kfree(maps);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_elf_load_hooked);

/**
 * amp_elf_load() - validate a firmware ELF image and load it
 * @dev: device the messages are about
 * @data: the image
 * @size: its size in bytes
 * @lim: as for amp_elf_load_hooked()
 * @xlate: the backend's device address translation
 * @out: on success, the boot address and where the resource table is
 *
 * amp_elf_load_hooked() without a hook.
 *
 * Context: process context.
 * Return: as amp_elf_load_hooked().
 */
int amp_elf_load(struct device *dev, const void *data, size_t size,
		 const struct amp_fw_limits *lim,
		 const struct amp_elf_xlate *xlate, struct amp_elf_image *out)
{
	return amp_elf_load_hooked(dev, data, size, lim, xlate, NULL, out);
}
EXPORT_SYMBOL_GPL(amp_elf_load);

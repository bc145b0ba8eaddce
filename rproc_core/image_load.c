// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a firmware image into a processor's memory.
 *
 * amp_rproc_load_image() is the one place an image goes from a byte buffer
 * into device memory: validation and the authentication hook, the carveouts
 * the image's resource table asks for (segments may be loaded into them),
 * then the ELF loader. Device addresses are translated through the
 * carveouts of the current boot, the windows the backend declared loadable
 * and, last, the backend's da_to_va.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/bundle.h>
#include <ampipc/bundle_load.h>
#include <ampipc/elf_loader.h>
#include <ampipc/fwparse.h>

#include "rproc_internal.h"

static bool amp_rproc_range_in(u64 da, size_t len, u64 base, u64 size)
{
	return len && da >= base && da - base < size && len <= size - (da - base);
}

/*
 * Translate [@da, @da + @len) to a kernel address: a carveout of this boot,
 * a window flagged %AMP_RPROC_WIN_LOAD with a kernel mapping, or the
 * backend's da_to_va. @map->len is how far the mapping reaches from @da.
 */
int amp_rproc_xlate(struct amp_rproc *rproc, u64 da, size_t len,
		    struct amp_elf_mapping *map)
{
	const struct amp_rproc_window *w;
	struct amp_rproc_mem *m;
	bool io = false;
	unsigned int i;
	void *va;

	list_for_each_entry(m, &rproc->carveouts, node) {
		if (m->va && amp_rproc_range_in(da, len, m->da, m->len)) {
			map->va = (u8 *)m->va + (da - m->da);
			map->len = m->len - (size_t)(da - m->da);
			map->is_iomem = m->is_iomem;
			return 0;
		}
	}
	for (i = 0; i < rproc->cfg.nr_windows; i++) {
		w = &rproc->cfg.windows[i];
		if (!(w->flags & AMP_RPROC_WIN_LOAD) || !w->va ||
		    !amp_rproc_range_in(da, len, w->da, w->size))
			continue;
		map->va = (u8 *)w->va + (da - w->da);
		map->len = (size_t)min_t(u64, w->size - (da - w->da), SIZE_MAX);
		map->is_iomem = w->flags & AMP_RPROC_WIN_IOMEM;
		return 0;
	}
	if (rproc->ops->da_to_va) {
		va = rproc->ops->da_to_va(rproc, da, len, &io);
		if (va) {
			map->va = va;
			map->len = len;
			map->is_iomem = io;
			return 0;
		}
	}
	return -EINVAL;
}

/* The loader's translation; remembers each segment for the coredump. */
static int amp_rproc_load_map(void *priv, u64 da, size_t len,
			      struct amp_elf_mapping *map)
{
	struct amp_rproc *rproc = priv;
	struct amp_rproc_mem *seg;
	int ret;

	ret = amp_rproc_xlate(rproc, da, len, map);
	if (ret)
		return ret;
	seg = kzalloc(sizeof(*seg), GFP_KERNEL);
	if (!seg)
		return -ENOMEM;
	seg->da = da;
	seg->len = len;
	seg->va = map->va;
	seg->is_iomem = map->is_iomem;
	seg->rsc_offset = U32_MAX;
	list_add_tail(&seg->node, &rproc->segments);
	return 0;
}

/* ELF header, program headers and the hash segment, for ops->authenticate. */
static int amp_rproc_authenticate(struct amp_rproc *rproc,
				  const struct amp_fw_elf *elf)
{
	struct amp_rproc_auth auth = { .hash_index = elf->hash_index };
	size_t hdrs = elf->phoff + (size_t)elf->phnum * elf->phentsize;
	struct amp_fw_seg hash = { .filesz = 0 };
	u8 *meta;
	int ret;

	/* The parser checked that the headers lie inside the image. */
	if (elf->hash_index >= 0) {
		ret = amp_fw_elf_phdr(elf, elf->hash_index, &hash);
		if (ret)
			return ret;
		auth.relocatable = hash.flags & AMP_QCOM_SEG_RELOCATABLE;
	}
	meta = kvmalloc(hdrs + hash.filesz, GFP_KERNEL);
	if (!meta)
		return -ENOMEM;
	memcpy(meta, elf->data, hdrs);
	if (hash.filesz)
		memcpy(meta + hdrs, elf->data + hash.offset, hash.filesz);
	auth.meta = meta;
	auth.meta_len = hdrs + hash.filesz;
	ret = rproc->ops->authenticate(rproc, &auth);
	kvfree(meta);
	if (ret) {
		dev_err(&rproc->dev, "image refused by authentication (%d)\n", ret);
		return ret < 0 ? ret : -EKEYREJECTED;
	}
	return 0;
}

/**
 * amp_rproc_load_image() - validate an image and load it into the processor
 * @rproc: the processor, being booted
 * @data: the image
 * @size: its size
 * @img: on success, what the loader found (entry point, resource table)
 *
 * Checks the image against the processor's machines and the loader's memory
 * cap, hands its metadata to ops->authenticate, allocates the carveouts its
 * resource table asks for and loads its segments. On failure the caller
 * releases what was allocated (amp_rproc_rsc_release()).
 *
 * Return: 0 or a negative errno, logged.
 */
int amp_rproc_load_image(struct amp_rproc *rproc, const void *data,
			 size_t size, struct amp_elf_image *img)
{
	const struct amp_fw_limits lim = {
		.machines = rproc->cfg.machines,
		.nr_machines = rproc->cfg.nr_machines,
	};
	const struct amp_elf_xlate xlate = {
		.map = amp_rproc_load_map,
		.priv = rproc,
	};
	const struct amp_bundle_policy pol = {
		.target = rproc->target,
		.min_version = READ_ONCE(rproc->sec_floor),
	};
	struct amp_bundle_result res;
	struct amp_bundle_diag bdiag;
	struct amp_bundle bundle;
	struct amp_fw_diag diag;
	const void *elf_data;
	struct amp_fw_elf elf;
	size_t elf_size;
	int ret;

	/* The backend places images the shared parser cannot take whole. */
	if (rproc->ops->load) {
		memset(img, 0, sizeof(*img));
		img->hash_index = -1;
		ret = rproc->ops->load(rproc, rproc->firmware, data, size,
				       &img->entry);
		if (ret) {
			dev_err(&rproc->dev, "firmware %s: backend load failed (%d)\n",
				rproc->firmware, ret);
			return ret;
		}
		rproc->unsigned_loaded = true;
		return 0;
	}

	/*
	 * A signed bundle carries the ELF image: the checks and hooks below
	 * look at that image, and amp_bundle_load() verifies the signature,
	 * target and security version before a byte reaches device memory.
	 */
	elf_data = data;
	elf_size = size;
	if (amp_bundle_is_bundle(data, size)) {
		ret = amp_bundle_parse(&bundle, data, size, &lim, &bdiag);
		if (ret) {
			dev_err(&rproc->dev, "firmware %s: bundle rejected: %s (index %u, value %#llx)\n",
				rproc->firmware, amp_bundle_status_str(bdiag.status),
				bdiag.index, bdiag.value);
			return ret;
		}
		elf_data = bundle.elf_data;
		elf_size = bundle.elf_size;
	}
	ret = amp_fw_elf_parse(&elf, elf_data, elf_size, &lim, &diag);
	if (ret) {
		dev_err(&rproc->dev, "firmware %s rejected: %s (index %u, value %#llx)\n",
			rproc->firmware, amp_fw_status_str(diag.status),
			diag.index, diag.value);
		return ret;
	}
	if (rproc->ops->authenticate) {
		ret = amp_rproc_authenticate(rproc, &elf);
		if (ret)
			return ret;
	}
	if (elf.has_rsc) {
		ret = amp_rproc_rsc_carveouts(rproc, elf.data + elf.rsc_offset,
					      elf.rsc_size);
		if (ret)
			return ret;
	}
	ret = amp_bundle_load(&rproc->dev, data, size, &pol, &lim, &xlate, img,
			      &res);
	if (ret)
		return ret;
	rproc->unsigned_loaded = !res.verified;
	return 0;
}

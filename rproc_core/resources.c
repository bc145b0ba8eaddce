// SPDX-License-Identifier: GPL-2.0
/*
 * The resource table of a booting processor.
 *
 * The table in the firmware file is validated once, by the shared parser
 * (amp_fw_rsc_check()), and a copy of it is kept; every entry is read from
 * that copy. What the host chooses (carveout and vring addresses, notify
 * ids) is written into the loaded copy in device memory, which the remote
 * reads and may change at any time, so it is never read back.
 *
 * Rules:
 * - carveouts come from the windows flagged %AMP_RPROC_WIN_CARVEOUT through
 *   the device-address allocator, at the requested device address or, for
 *   %AMP_RSC_ADDR_ANY, anywhere. A fixed address outside those windows is
 *   served from DMA memory of the parent device when the backend has an
 *   IOMMU. With an IOMMU every carveout is mapped through it.
 * - DEVMEM entries are honoured only inside windows flagged
 *   %AMP_RPROC_WIN_DEVMEM; anything else refuses the image (-EPERM).
 * - trace buffers must be in memory the kernel can read; they appear in
 *   debugfs.
 * - vdevs go to vdev.c; vendor entries to ops->handle_rsc.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/fwparse.h>

#include "rproc_internal.h"

#define AMP_RSC_HDR	sizeof(struct amp_rsc_hdr)

/* Table fields are little-endian and may be unaligned. */
u32 amp_rproc_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void amp_rproc_put_le32(u8 *p, u32 val)
{
	p[0] = val;
	p[1] = val >> 8;
	p[2] = val >> 16;
	p[3] = val >> 24;
}

static u32 amp_rd32(const u8 *entry, size_t field)
{
	return amp_rproc_le32(entry + AMP_RSC_HDR + field);
}

void amp_rproc_rsc_wr32(struct amp_rproc *rproc, size_t off, u32 val)
{
	u8 *p = (u8 *)rproc->loaded_table + off;

	if (rproc->loaded_iomem)
		iowrite32(val, (void __iomem __force *)p);
	else
		amp_rproc_put_le32(p, val);
}

void amp_rproc_rsc_wr8(struct amp_rproc *rproc, size_t off, u8 val)
{
	u8 *p = (u8 *)rproc->loaded_table + off;

	if (rproc->loaded_iomem)
		iowrite8(val, (void __iomem __force *)p);
	else
		*p = val;
}

static void amp_rsc_name(char *dst, const u8 *entry, size_t field)
{
	/* The parser checked that the name is NUL-terminated. */
	strscpy(dst, (const char *)entry + AMP_RSC_HDR + field, AMP_RSC_NAME_LEN);
}

/* The declared window with @flag that holds [@da, @da + @len). */
static const struct amp_rproc_window *
amp_rproc_window_da(struct amp_rproc *rproc, u64 da, u64 len, u32 flag)
{
	const struct amp_rproc_window *w;
	unsigned int i;

	for (i = 0; i < rproc->cfg.nr_windows; i++) {
		w = &rproc->cfg.windows[i];
		if ((w->flags & flag) && len && da >= w->da &&
		    da - w->da < w->size && len <= w->size - (da - w->da))
			return w;
	}
	return NULL;
}

int amp_rproc_pool_init(struct amp_rproc *rproc)
{
	const struct amp_rproc_window *w;
	unsigned int i;
	int ret;

	for (i = 0; i < rproc->cfg.nr_windows; i++) {
		w = &rproc->cfg.windows[i];
		if (!(w->flags & AMP_RPROC_WIN_CARVEOUT))
			continue;
		ret = amp_da_pool_add_window(&rproc->pool, w->da, w->size, w->pa,
					     w->va, 0);
		if (ret) {
			dev_err(rproc->parent, "window %u (%s): da %#llx size %#llx unusable (%d)\n",
				i, w->name ?: "?", w->da, w->size, ret);
			return ret;
		}
	}
	return 0;
}

static void amp_rproc_mem_free(struct amp_rproc *rproc, struct amp_rproc_mem *m)
{
	if (m->mapped)
		rproc->ops->iommu_unmap(rproc, m->da, m->len);
	if (m->from_pool)
		amp_da_free(&rproc->pool, m->da);
	if (m->from_dma)
		dma_free_coherent(rproc->parent, m->len, m->va, m->dma);
	list_del(&m->node);
	kfree(m);
}

static int amp_rproc_carveout(struct amp_rproc *rproc, const u8 *e,
			      u32 offset, u32 index)
{
	u32 da = amp_rd32(e, offsetof(struct amp_rsc_carveout, da));
	u32 pa = amp_rd32(e, offsetof(struct amp_rsc_carveout, pa));
	u32 len = amp_rd32(e, offsetof(struct amp_rsc_carveout, len));
	u32 flags = amp_rd32(e, offsetof(struct amp_rsc_carveout, flags));
	const struct amp_rproc_window *w;
	struct amp_rproc_mem *m;
	u64 at = da == AMP_RSC_ADDR_ANY ? AMP_DA_ANY : da;
	int ret;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	amp_rsc_name(m->name, e, offsetof(struct amp_rsc_carveout, name));
	m->len = len;
	m->rsc_offset = offset;
	INIT_LIST_HEAD(&m->node);

	ret = amp_da_alloc(&rproc->pool, len,
			   at == AMP_DA_ANY ? PAGE_SIZE : 1, &at);
	if (!ret) {
		m->from_pool = true;
		m->da = at;
		amp_da_to_pa(&rproc->pool, at, len, &m->pa);
		m->va = amp_da_to_va(&rproc->pool, at, len);
		w = amp_rproc_window_da(rproc, at, len, AMP_RPROC_WIN_CARVEOUT);
		m->is_iomem = w && (w->flags & AMP_RPROC_WIN_IOMEM);
	} else if (da != AMP_RSC_ADDR_ANY && ret == -ERANGE &&
		   rproc->ops->iommu_map && rproc->parent) {
		m->va = dma_alloc_coherent(rproc->parent, len, &m->dma, GFP_KERNEL);
		if (!m->va) {
			ret = -ENOMEM;
			goto err;
		}
		m->from_dma = true;
		m->da = da;
		m->pa = m->dma;
	} else {
		dev_err(&rproc->dev, "carveout entry %u (\"%s\"): no room for len %#x at da %#x (%d)\n",
			index, m->name, len, da, ret);
		goto err;
	}
	list_add_tail(&m->node, &rproc->carveouts);

	if (m->da > U32_MAX) {
		dev_err(&rproc->dev, "carveout entry %u (\"%s\"): da %#llx does not fit the table\n",
			index, m->name, m->da);
		return -ERANGE;
	}
	if (pa != AMP_RSC_ADDR_ANY && pa != m->pa)
		dev_warn(&rproc->dev, "carveout entry %u (\"%s\"): pa %#x replaced by %pa\n",
			 index, m->name, pa, &m->pa);
	if (rproc->ops->iommu_map) {
		ret = rproc->ops->iommu_map(rproc, m->da, m->pa, m->len, flags);
		if (ret) {
			dev_err(&rproc->dev, "carveout entry %u (\"%s\"): IOMMU map failed (%d)\n",
				index, m->name, ret);
			return ret;
		}
		m->mapped = true;
	}
	/* Nothing of a previous boot or of other users reaches the remote. */
	if (m->va && m->is_iomem)
		memset_io((void __iomem __force *)m->va, 0, m->len);
	else if (m->va)
		memset(m->va, 0, m->len);
	return 0;
err:
	kfree(m);
	return ret;
}

/*
 * Validate the file's table, keep a copy, and allocate its carveouts so
 * the segments can be loaded into them.
 */
int amp_rproc_rsc_carveouts(struct amp_rproc *rproc, const void *table,
			    size_t len)
{
	struct amp_fw_rsc_entry ent;
	struct amp_fw_diag diag;
	unsigned int cur = 0;
	int ret;

	ret = amp_fw_rsc_check(table, len, &diag);
	if (ret) {
		dev_err(&rproc->dev, "resource table rejected: %s (entry %u, value %#llx)\n",
			amp_fw_status_str(diag.status), diag.index, diag.value);
		return ret;
	}
	rproc->table = kmemdup(table, len, GFP_KERNEL);
	if (!rproc->table)
		return -ENOMEM;
	rproc->table_len = len;
	while (amp_fw_rsc_next(rproc->table, len, &cur, &ent)) {
		if (ent.type != AMP_RSC_CARVEOUT)
			continue;
		ret = amp_rproc_carveout(rproc, (u8 *)rproc->table + ent.offset,
					 ent.offset, ent.index);
		if (ret)
			return ret;
	}
	return 0;
}

static int amp_rproc_devmem(struct amp_rproc *rproc, const u8 *e,
			    const struct amp_fw_rsc_entry *ent)
{
	u32 da = amp_rd32(e, offsetof(struct amp_rsc_devmem, da));
	u32 pa = amp_rd32(e, offsetof(struct amp_rsc_devmem, pa));
	u32 len = amp_rd32(e, offsetof(struct amp_rsc_devmem, len));
	u32 flags = amp_rd32(e, offsetof(struct amp_rsc_devmem, flags));
	const struct amp_rproc_window *w = NULL;
	char name[AMP_RSC_NAME_LEN];
	struct amp_rproc_mem *m;
	phys_addr_t phys;
	unsigned int i;
	int ret;

	amp_rsc_name(name, e, offsetof(struct amp_rsc_devmem, name));
	for (i = 0; i < rproc->cfg.nr_windows && pa != AMP_RSC_ADDR_ANY; i++) {
		const struct amp_rproc_window *c = &rproc->cfg.windows[i];

		if ((c->flags & AMP_RPROC_WIN_DEVMEM) && pa >= c->pa &&
		    pa - c->pa < c->size && len <= c->size - (pa - c->pa)) {
			w = c;
			break;
		}
	}
	if (pa == AMP_RSC_ADDR_ANY)
		w = amp_rproc_window_da(rproc, da, len, AMP_RPROC_WIN_DEVMEM);
	if (!w) {
		dev_err(&rproc->dev, "devmem entry %u (\"%s\"): da %#x pa %#x len %#x is outside every DEVMEM window: refused\n",
			ent->index, name, da, pa, len);
		return -EPERM;
	}
	phys = pa == AMP_RSC_ADDR_ANY ? w->pa + (da - w->da) : pa;
	if (!rproc->ops->iommu_map && (da < w->da || phys - w->pa != da - w->da)) {
		dev_err(&rproc->dev, "devmem entry %u (\"%s\"): da %#x does not match window %s without an IOMMU: refused\n",
			ent->index, name, da, w->name ?: "?");
		return -EPERM;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	strscpy(m->name, name, sizeof(m->name));
	m->da = da;
	m->pa = phys;
	m->len = len;
	m->rsc_offset = ent->offset;
	list_add_tail(&m->node, &rproc->devmems);
	if (rproc->ops->iommu_map) {
		ret = rproc->ops->iommu_map(rproc, da, phys, len, flags);
		if (ret) {
			dev_err(&rproc->dev, "devmem entry %u (\"%s\"): IOMMU map failed (%d)\n",
				ent->index, name, ret);
			return ret;
		}
		m->mapped = true;
	}
	if (pa == AMP_RSC_ADDR_ANY && phys <= U32_MAX)
		amp_rproc_rsc_wr32(rproc, ent->offset + AMP_RSC_HDR +
				   offsetof(struct amp_rsc_devmem, pa), (u32)phys);
	return 0;
}

static int amp_rproc_trace(struct amp_rproc *rproc, const u8 *e,
			   const struct amp_fw_rsc_entry *ent, unsigned int n)
{
	u32 da = amp_rd32(e, offsetof(struct amp_rsc_trace, da));
	u32 len = amp_rd32(e, offsetof(struct amp_rsc_trace, len));
	struct amp_elf_mapping map;
	struct amp_rproc_trace *tr;

	tr = kzalloc(sizeof(*tr), GFP_KERNEL);
	if (!tr)
		return -ENOMEM;
	amp_rsc_name(tr->name, e, offsetof(struct amp_rsc_trace, name));
	if (amp_rproc_xlate(rproc, da, len, &map)) {
		dev_err(&rproc->dev, "trace entry %u (\"%s\"): da %#x len %#x is not in device memory\n",
			ent->index, tr->name, da, len);
		kfree(tr);
		return -EINVAL;
	}
	tr->rproc = rproc;
	tr->da = da;
	tr->len = len;
	tr->va = map.va;
	tr->is_iomem = map.is_iomem;
	list_add_tail(&tr->node, &rproc->traces);
	amp_rproc_debugfs_trace_add(rproc, tr, n);
	return 0;
}

static int amp_rproc_vendor(struct amp_rproc *rproc,
			    const struct amp_fw_rsc_entry *ent)
{
	void *payload = (u8 *)rproc->loaded_table + ent->offset + AMP_RSC_HDR;
	int ret;

	if (!rproc->ops->handle_rsc) {
		dev_dbg(&rproc->dev, "vendor entry %u (type %u) skipped\n",
			ent->index, ent->type);
		return 0;
	}
	ret = rproc->ops->handle_rsc(rproc, ent->type, payload,
				     ent->avail - AMP_RSC_HDR);
	if (ret == -EOPNOTSUPP) {
		dev_dbg(&rproc->dev, "vendor entry %u (type %u) not handled\n",
			ent->index, ent->type);
		return 0;
	}
	if (ret)
		dev_err(&rproc->dev, "vendor entry %u (type %u) refused by the backend (%d)\n",
			ent->index, ent->type, ret);
	return ret;
}

/*
 * After the segments are loaded: find the loaded copy of the table, write
 * the carveouts back and handle the other entries.
 */
int amp_rproc_rsc_handle(struct amp_rproc *rproc,
			 const struct amp_elf_image *img)
{
	struct amp_fw_rsc_entry ent;
	struct amp_elf_mapping map;
	struct amp_rproc_mem *m;
	unsigned int cur = 0, ntrace = 0;
	const u8 *t = rproc->table;
	int ret = 0;

	if (!t)
		return 0;
	if (img->rsc_size != rproc->table_len ||
	    amp_rproc_xlate(rproc, img->rsc_da, rproc->table_len, &map)) {
		dev_err(&rproc->dev, "resource table at da %#llx (%zu bytes) is not in loaded device memory\n",
			img->rsc_da, rproc->table_len);
		return -EINVAL;
	}
	rproc->loaded_table = map.va;
	rproc->loaded_iomem = map.is_iomem;

	list_for_each_entry(m, &rproc->carveouts, node) {
		size_t off = m->rsc_offset + AMP_RSC_HDR;

		amp_rproc_rsc_wr32(rproc, off + offsetof(struct amp_rsc_carveout, da),
				   (u32)m->da);
		if (m->pa <= U32_MAX)
			amp_rproc_rsc_wr32(rproc, off + offsetof(struct amp_rsc_carveout, pa),
					   (u32)m->pa);
	}

	while (!ret && amp_fw_rsc_next(t, rproc->table_len, &cur, &ent)) {
		const u8 *e = t + ent.offset;

		switch (ent.type) {
		case AMP_RSC_CARVEOUT:
			break;
		case AMP_RSC_DEVMEM:
			ret = amp_rproc_devmem(rproc, e, &ent);
			break;
		case AMP_RSC_TRACE:
			ret = amp_rproc_trace(rproc, e, &ent, ntrace++);
			break;
		case AMP_RSC_VDEV:
			ret = amp_rproc_vdev_setup(rproc, t, ent.offset, ent.len);
			break;
		default:
			ret = amp_rproc_vendor(rproc, &ent);
			break;
		}
	}
	return ret;
}

/* Release everything the resource table (and the loader) set up. */
void amp_rproc_rsc_release(struct amp_rproc *rproc)
{
	struct amp_rproc_trace *tr, *trn;
	struct amp_rproc_mem *m, *mn;

	list_for_each_entry_safe(tr, trn, &rproc->traces, node) {
		debugfs_remove(tr->dentry);
		list_del(&tr->node);
		kfree(tr);
	}
	amp_rproc_vdevs_release(rproc);
	list_for_each_entry_safe(m, mn, &rproc->devmems, node)
		amp_rproc_mem_free(rproc, m);
	list_for_each_entry_safe(m, mn, &rproc->carveouts, node)
		amp_rproc_mem_free(rproc, m);
	list_for_each_entry_safe(m, mn, &rproc->segments, node) {
		list_del(&m->node);
		kfree(m);
	}
	kfree(rproc->table);
	rproc->table = NULL;
	rproc->table_len = 0;
	rproc->loaded_table = NULL;
	rproc->loaded_iomem = false;
}

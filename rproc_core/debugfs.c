// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: amp_rproc/<name>/ with
 *   resource_table  the loaded table, re-validated and decoded
 *   carveouts       the carveouts and devmem mappings of the current boot
 *   crash           write anything to report an injected crash
 *   trace<N>        the trace buffers of the current boot
 *
 * Trace files read the buffer without the life-cycle lock: their removal
 * (debugfs_remove(), under the lock) waits for readers, and only then is
 * the memory released.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include <ampipc/fwparse.h>

#include "rproc_internal.h"

static struct dentry *amp_rproc_debugfs_root;

/*
 * The files are created "unsafe" (without debugfs' proxy, which offers no
 * read_iter/write_iter), so each operation brackets its use of the data
 * with debugfs_file_get()/debugfs_file_put(); removal waits for those.
 */
#define AMP_RPROC_SHOW_FOPS(__name)					\
static int __name##_open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, __name##_show, inode->i_private);	\
}									\
static const struct file_operations __name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = __name##_open,						\
	.read_iter = seq_read_iter,					\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

/* Copy @len bytes of @buf from the reader's position on. */
static ssize_t amp_rproc_copy_out(struct kiocb *iocb, struct iov_iter *to,
				  const char *buf, size_t len)
{
	size_t n;

	if (iocb->ki_pos < 0)
		return -EINVAL;
	if (iocb->ki_pos >= len)
		return 0;
	n = copy_to_iter(buf + iocb->ki_pos, len - iocb->ki_pos, to);
	if (!n)
		return -EFAULT;
	iocb->ki_pos += n;
	return n;
}

static ssize_t amp_rproc_trace_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct dentry *dentry = iocb->ki_filp->f_path.dentry;
	struct amp_rproc_trace *tr = iocb->ki_filp->private_data;
	ssize_t ret;
	char *snap;

	/* The buffer goes away with the file: hold the file while reading. */
	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	snap = kvmalloc(tr->len, GFP_KERNEL);
	if (!snap) {
		ret = -ENOMEM;
		goto out;
	}
	/* The remote writes the buffer: take a snapshot, then find its end. */
	if (tr->is_iomem)
		memcpy_fromio(snap, (void __iomem __force *)tr->va, tr->len);
	else
		memcpy(snap, tr->va, tr->len);
	ret = amp_rproc_copy_out(iocb, to, snap, strnlen(snap, tr->len));
	kvfree(snap);
out:
	debugfs_file_put(dentry);
	return ret;
}

static const struct file_operations amp_rproc_trace_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read_iter = amp_rproc_trace_read,
	.llseek = generic_file_llseek,
};

void amp_rproc_debugfs_trace_add(struct amp_rproc *rproc,
				 struct amp_rproc_trace *tr, unsigned int i)
{
	char name[16];

	if (!rproc->debugfs)
		return;
	snprintf(name, sizeof(name), "trace%u", i);
	tr->dentry = debugfs_create_file_unsafe(name, 0400, rproc->debugfs, tr,
						&amp_rproc_trace_fops);
}

static const char * const amp_rsc_type_names[] = {
	[AMP_RSC_CARVEOUT] = "carveout",
	[AMP_RSC_DEVMEM] = "devmem",
	[AMP_RSC_TRACE] = "trace",
	[AMP_RSC_VDEV] = "vdev",
};

static void amp_rproc_show_entry(struct seq_file *s, const u8 *t,
				 const struct amp_fw_rsc_entry *ent)
{
	const u8 *p = t + ent->offset + sizeof(struct amp_rsc_hdr);
	const char *type = ent->type < AMP_RSC_LAST ?
			   amp_rsc_type_names[ent->type] : "vendor";
	unsigned int i, nvr;

	seq_printf(s, "entry %u: %s (type %u) at offset %u, %u bytes\n",
		   ent->index, type, ent->type, ent->offset, ent->len);
	switch (ent->type) {
	case AMP_RSC_CARVEOUT:
	case AMP_RSC_DEVMEM:
		seq_printf(s, "  name %s da %#x pa %#x len %#x flags %#x\n",
			   p + offsetof(struct amp_rsc_carveout, name),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_carveout, da)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_carveout, pa)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_carveout, len)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_carveout, flags)));
		break;
	case AMP_RSC_TRACE:
		seq_printf(s, "  name %s da %#x len %#x\n",
			   p + offsetof(struct amp_rsc_trace, name),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_trace, da)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_trace, len)));
		break;
	case AMP_RSC_VDEV:
		nvr = p[offsetof(struct amp_rsc_vdev, num_of_vrings)];
		seq_printf(s, "  id %u dfeatures %#x gfeatures %#x config_len %u status %#x vrings %u\n",
			   amp_rproc_le32(p + offsetof(struct amp_rsc_vdev, id)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_vdev, dfeatures)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_vdev, gfeatures)),
			   amp_rproc_le32(p + offsetof(struct amp_rsc_vdev, config_len)),
			   p[offsetof(struct amp_rsc_vdev, status)], nvr);
		for (i = 0; i < nvr; i++) {
			const u8 *v = p + sizeof(struct amp_rsc_vdev) +
				      i * sizeof(struct amp_rsc_vdev_vring);

			seq_printf(s, "  vring %u: da %#x align %u num %u notifyid %u pa %#x\n",
				   i, amp_rproc_le32(v), amp_rproc_le32(v + 4),
				   amp_rproc_le32(v + 8), amp_rproc_le32(v + 12),
				   amp_rproc_le32(v + 16));
		}
		break;
	default:
		break;
	}
}

static int amp_rproc_table_show(struct seq_file *s, void *unused)
{
	struct amp_rproc *rproc = s->private;
	struct amp_fw_rsc_entry ent;
	struct amp_fw_diag diag;
	unsigned int cur = 0;
	size_t len;
	u8 *snap;
	int ret;

	ret = debugfs_file_get(s->file->f_path.dentry);
	if (ret)
		return ret;
	if (mutex_lock_interruptible(&amp_rproc_mutex)) {
		debugfs_file_put(s->file->f_path.dentry);
		return -ERESTARTSYS;
	}
	len = rproc->table_len;
	snap = rproc->loaded_table ? kvmalloc(len, GFP_KERNEL) : NULL;
	if (!snap) {
		mutex_unlock(&amp_rproc_mutex);
		debugfs_file_put(s->file->f_path.dentry);
		if (rproc->loaded_table)
			return -ENOMEM;
		seq_puts(s, "no resource table loaded\n");
		return 0;
	}
	if (rproc->loaded_iomem)
		memcpy_fromio(snap, (void __iomem __force *)rproc->loaded_table, len);
	else
		memcpy(snap, rproc->loaded_table, len);
	mutex_unlock(&amp_rproc_mutex);
	debugfs_file_put(s->file->f_path.dentry);

	/* The remote may have changed the loaded copy: validate it again. */
	ret = amp_fw_rsc_check(snap, len, &diag);
	if (ret) {
		seq_printf(s, "loaded table invalid: %s (entry %u, value %#llx)\n",
			   amp_fw_status_str(diag.status), diag.index, diag.value);
	} else {
		seq_printf(s, "version 1, %u entries, %zu bytes\n",
			   amp_rproc_le32(snap + 4), len);
		while (amp_fw_rsc_next(snap, len, &cur, &ent))
			amp_rproc_show_entry(s, snap, &ent);
	}
	kvfree(snap);
	return 0;
}
AMP_RPROC_SHOW_FOPS(amp_rproc_table);

static int amp_rproc_carveouts_show(struct seq_file *s, void *unused)
{
	struct amp_rproc *rproc = s->private;
	struct dentry *dentry = s->file->f_path.dentry;
	struct amp_rproc_mem *m;
	int ret;

	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	if (mutex_lock_interruptible(&amp_rproc_mutex)) {
		debugfs_file_put(dentry);
		return -ERESTARTSYS;
	}
	list_for_each_entry(m, &rproc->carveouts, node)
		seq_printf(s, "carveout %s: da %#llx pa %pa len %#zx%s%s\n", m->name,
			   m->da, &m->pa, m->len, m->from_dma ? " dma" : "",
			   m->mapped ? " iommu" : "");
	list_for_each_entry(m, &rproc->devmems, node)
		seq_printf(s, "devmem %s: da %#llx pa %pa len %#zx%s\n", m->name,
			   m->da, &m->pa, m->len, m->mapped ? " iommu" : "");
	mutex_unlock(&amp_rproc_mutex);
	debugfs_file_put(dentry);
	return 0;
}
AMP_RPROC_SHOW_FOPS(amp_rproc_carveouts);

static ssize_t amp_rproc_crash_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct dentry *dentry = iocb->ki_filp->f_path.dentry;
	size_t count = iov_iter_count(from);
	int ret;

	ret = debugfs_file_get(dentry);
	if (ret)
		return ret;
	amp_rproc_report_crash(iocb->ki_filp->private_data,
			       AMP_RPROC_CRASH_INJECTED);
	debugfs_file_put(dentry);
	iov_iter_advance(from, count);
	return count;
}

static const struct file_operations amp_rproc_crash_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write_iter = amp_rproc_crash_write,
	.llseek = generic_file_llseek,
};

void amp_rproc_debugfs_add(struct amp_rproc *rproc)
{
	if (!amp_rproc_debugfs_root)
		return;
	rproc->debugfs = debugfs_create_dir(dev_name(&rproc->dev),
					    amp_rproc_debugfs_root);
	if (IS_ERR(rproc->debugfs)) {
		rproc->debugfs = NULL;
		return;
	}
	debugfs_create_file_unsafe("resource_table", 0400, rproc->debugfs, rproc,
				   &amp_rproc_table_fops);
	debugfs_create_file_unsafe("carveouts", 0400, rproc->debugfs, rproc,
				   &amp_rproc_carveouts_fops);
	debugfs_create_file_unsafe("crash", 0200, rproc->debugfs, rproc,
				   &amp_rproc_crash_fops);
}

void amp_rproc_debugfs_remove(struct amp_rproc *rproc)
{
	debugfs_remove_recursive(rproc->debugfs);
	rproc->debugfs = NULL;
}

void amp_rproc_debugfs_init(void)
{
	amp_rproc_debugfs_root = debugfs_create_dir("amp_rproc", NULL);
	if (IS_ERR(amp_rproc_debugfs_root))
		amp_rproc_debugfs_root = NULL;
}

void amp_rproc_debugfs_exit(void)
{
	debugfs_remove_recursive(amp_rproc_debugfs_root);
	amp_rproc_debugfs_root = NULL;
}

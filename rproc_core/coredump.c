// SPDX-License-Identifier: GPL-2.0
/*
 * ELF coredump of a crashed processor's memory, handed to devcoredump.
 *
 * The dump is an ELF64 little-endian ET_CORE file with one PT_LOAD program
 * header per carveout and per loaded segment that no carveout covers;
 * p_paddr and p_vaddr are the device address. It is collected after the
 * processor was stopped and before its memory is released, and filed
 * against the backend's (parent) device.
 *
 * devcoredump calls its free callback twice, and puts its owner module
 * twice, when it fails to add the dump's device (an allocation failure in
 * dev_coredumpm(): kernels 6.1 to 7.x), so the dump is not handed over as a
 * bare vmalloc() buffer, which would be vfree()d twice. It is a holder
 * (struct amp_rproc_dump) whose free callback only acts on its first call,
 * with a spare module reference that stands in for the extra put. The
 * callbacks are this module's code: devcoredump pins the module while the
 * dump is pending, and unregistering the processor deletes its pending dump
 * (the processor's next crash files a new one only when the last is gone).
 */
#include <linux/completion.h>
#include <linux/devcoredump.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "rproc_internal.h"

/* Largest dump collected; bigger memory is not dumped. */
#define AMP_RPROC_DUMP_MAX	(256UL << 20)
/* How long unregistering waits for devcoredump to drop a pending dump. */
#define AMP_RPROC_DUMP_WAIT	(5 * HZ)

/**
 * struct amp_rproc_dump - a dump handed to devcoredump
 * @ref: one reference for devcoredump's free callback, one for the
 *	processor (&amp_rproc.dump)
 * @frees: calls of the free callback (two when devcoredump failed to file it)
 * @gone: completed by the first free call: devcoredump let go of the dump
 * @prober: the task looking for this dump among devcoredump's (see
 *	amp_rproc_dump_delete()), or NULL
 * @found: a read by @prober reached this dump
 * @len: size of @buf
 * @buf: the ELF file (vmalloc()ed)
 */
struct amp_rproc_dump {
	refcount_t ref;
	atomic_t frees;
	struct completion gone;
	struct task_struct *prober;
	bool found;
	size_t len;
	void *buf;
};

/* devcoredump's class directory, and how many dumps of it are looked at. */
#define AMP_RPROC_DUMP_DIR	"/sys/class/devcoredump"
#define AMP_RPROC_DUMP_SCAN	32
#define AMP_RPROC_DUMP_NAME	24

struct amp_rproc_dump_dir {
	struct dir_context ctx;
	char (*names)[AMP_RPROC_DUMP_NAME];
	unsigned int n;
};

static bool amp_rproc_dump_covered(struct amp_rproc *rproc,
				   const struct amp_rproc_mem *seg)
{
	struct amp_rproc_mem *c;

	list_for_each_entry(c, &rproc->carveouts, node)
		if (seg->da >= c->da && seg->da - c->da < c->len &&
		    seg->len <= c->len - (seg->da - c->da))
			return true;
	return false;
}

static void amp_rproc_dump_phdr(Elf64_Phdr *ph, const struct amp_rproc_mem *m,
				size_t offset)
{
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_W | PF_X;
	ph->p_offset = offset;
	ph->p_vaddr = m->da;
	ph->p_paddr = m->da;
	ph->p_filesz = m->va ? m->len : 0;
	ph->p_memsz = m->len;
	ph->p_align = 1;
}

static void amp_rproc_dump_copy(u8 *dst, const struct amp_rproc_mem *m)
{
	if (!m->va)
		return;
	if (m->is_iomem)
		memcpy_fromio(dst, (void __iomem __force *)m->va, m->len);
	else
		memcpy(dst, m->va, m->len);
}

/* Build the dump; returns a vmalloc()ed buffer and its length, or NULL. */
void *amp_rproc_coredump_build(struct amp_rproc *rproc, size_t *len)
{
	struct amp_rproc_mem *m;
	struct list_head *lists[2] = { &rproc->carveouts, &rproc->segments };
	size_t total = sizeof(Elf64_Ehdr), off;
	unsigned int n = 0, i, l;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	u8 *buf;

	for (l = 0; l < 2; l++) {
		list_for_each_entry(m, lists[l], node) {
			if (l && amp_rproc_dump_covered(rproc, m))
				continue;
			n++;
			total += sizeof(Elf64_Phdr) + (m->va ? m->len : 0);
			if (total > AMP_RPROC_DUMP_MAX) {
				dev_warn(&rproc->dev, "coredump skipped: over %lu bytes\n",
					 AMP_RPROC_DUMP_MAX);
				return NULL;
			}
		}
	}
	if (!n)
		return NULL;
	buf = __vmalloc(total, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!buf) {
		dev_warn(&rproc->dev, "coredump skipped: out of memory for %zu bytes\n",
			 total);
		return NULL;
	}
	eh = (Elf64_Ehdr *)buf;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = rproc->cfg.machines[0];
	eh->e_version = EV_CURRENT;
	eh->e_entry = rproc->entry;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = n;

	ph = (Elf64_Phdr *)(buf + sizeof(Elf64_Ehdr));
	off = sizeof(Elf64_Ehdr) + n * sizeof(Elf64_Phdr);
	i = 0;
	for (l = 0; l < 2; l++) {
		list_for_each_entry(m, lists[l], node) {
			if (l && amp_rproc_dump_covered(rproc, m))
				continue;
			amp_rproc_dump_phdr(&ph[i++], m, off);
			amp_rproc_dump_copy(buf + off, m);
			off += m->va ? m->len : 0;
		}
	}
	*len = total;
	return buf;
}

static void amp_rproc_dump_put(struct amp_rproc_dump *d)
{
	if (refcount_dec_and_test(&d->ref))
		kfree(d);
}

static ssize_t amp_rproc_dump_read(char *buffer, loff_t offset, size_t count,
				   void *data, size_t datalen)
{
	struct amp_rproc_dump *d = data;

	if (READ_ONCE(d->prober) == current)
		d->found = true;
	return memory_read_from_buffer(buffer, count, &offset, d->buf, d->len);
}

/*
 * devcoredump's free callback. A second call on the same dump is
 * devcoredump's failure path releasing it again: the first call already
 * did everything, and the processor's reference keeps @data valid until
 * dev_coredumpm() has returned.
 */
static void amp_rproc_dump_free(void *data)
{
	struct amp_rproc_dump *d = data;

	if (atomic_inc_return(&d->frees) > 1)
		return;
	vfree(d->buf);
	d->buf = NULL;
	complete(&d->gone);
	amp_rproc_dump_put(d);
}

/* The processor let go of its last dump, which devcoredump dropped. */
static void amp_rproc_dump_forget(struct amp_rproc *rproc)
{
	amp_rproc_dump_put(rproc->dump);
	rproc->dump = NULL;
}

/*
 * Collect the coredump of a stopped, crashed processor (under
 * amp_rproc_mutex, which also guards &amp_rproc.dump).
 */
void amp_rproc_coredump(struct amp_rproc *rproc)
{
	struct device *failing = rproc->parent ?: &rproc->dev;
	struct amp_rproc_dump *d;
	unsigned int frees;

	lockdep_assert_held(&amp_rproc_mutex);
	if (rproc->dump) {
		if (!completion_done(&rproc->dump->gone)) {
			dev_info(&rproc->dev, "coredump skipped: the last one was not read yet\n");
			return;
		}
		amp_rproc_dump_forget(rproc);
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return;
	d->buf = amp_rproc_coredump_build(rproc, &d->len);
	if (!d->buf) {
		kfree(d);
		return;
	}
	refcount_set(&d->ref, 2);
	init_completion(&d->gone);
	rproc->dump = d;

	/* The spare reference: see the file comment. */
	__module_get(THIS_MODULE);
	dev_coredumpm(failing, THIS_MODULE, d, d->len, GFP_KERNEL,
		      amp_rproc_dump_read, amp_rproc_dump_free);
	frees = atomic_read(&d->frees);
	if (frees < 2)
		module_put(THIS_MODULE);
	if (!frees) {
		dev_info(&rproc->dev, "coredump of %zu bytes filed\n", d->len);
		return;
	}
	/* Dropped at once (devcoredump disabled, or out of memory), or read. */
	dev_info(&rproc->dev, "coredump of %zu bytes not kept by devcoredump\n",
		 d->len);
	amp_rproc_dump_forget(rproc);
}

static bool amp_rproc_dump_dirent(struct dir_context *ctx, const char *name,
				  int len, loff_t pos, u64 ino, unsigned int type)
{
	struct amp_rproc_dump_dir *dd = container_of(ctx, struct amp_rproc_dump_dir, ctx);

	if (len < 6 || len >= AMP_RPROC_DUMP_NAME || memcmp(name, "devcd", 5))
		return true;
	if (dd->n == AMP_RPROC_DUMP_SCAN)
		return false;
	memcpy(dd->names[dd->n], name, len);
	dd->names[dd->n][len] = '\0';
	dd->n++;
	return true;
}

/* Is the dump behind @file @d? Read a byte of it and see who answers. */
static bool amp_rproc_dump_is(struct amp_rproc_dump *d, struct file *file)
{
	loff_t pos = 0;
	char c;

	d->found = false;
	WRITE_ONCE(d->prober, current);
	kernel_read(file, &c, 1, &pos);
	WRITE_ONCE(d->prober, NULL);
	return d->found;
}

/*
 * Delete @d in devcoredump, as userspace would: write to its "data".
 * devcoredump names no dump's owner, and a failing device's "devcoredump"
 * link may be missing (devcoredump files a dump whose links it could not
 * make), so the class directory is searched for the dump whose read lands
 * in @d.
 */
static int amp_rproc_dump_delete(struct amp_rproc_dump *d)
{
	struct amp_rproc_dump_dir dd = { .ctx.actor = amp_rproc_dump_dirent };
	struct file *dir, *file;
	int ret = -ENOENT;
	unsigned int i;
	loff_t pos = 0;
	char *path;

	dd.names = kcalloc(AMP_RPROC_DUMP_SCAN, sizeof(*dd.names), GFP_KERNEL);
	if (!dd.names)
		return -ENOMEM;
	dir = filp_open(AMP_RPROC_DUMP_DIR, O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(dir)) {
		ret = PTR_ERR(dir);
		goto out;
	}
	iterate_dir(dir, &dd.ctx);
	filp_close(dir, NULL);
	for (i = 0; i < dd.n && ret == -ENOENT; i++) {
		path = kasprintf(GFP_KERNEL, AMP_RPROC_DUMP_DIR "/%s/data", dd.names[i]);
		if (!path) {
			ret = -ENOMEM;
			break;
		}
		file = filp_open(path, O_RDWR, 0);
		kfree(path);
		if (IS_ERR(file))
			continue;
		if (amp_rproc_dump_is(d, file)) {
			ret = kernel_write(file, "1", 1, &pos);
			ret = ret < 0 ? ret : 0;
		}
		filp_close(file, NULL);
	}
out:
	kfree(dd.names);
	return ret;
}

/*
 * Unregistering: delete the processor's pending dump, whose callbacks are
 * this module's code (a dump devcoredump keeps pins amp_rproc), and wait a
 * moment for devcoredump to let it go. Not under amp_rproc_mutex: the
 * processor is unregistered, so no recovery files another dump.
 */
void amp_rproc_coredump_discard(struct amp_rproc *rproc)
{
	struct amp_rproc_dump *d = rproc->dump;
	int ret;

	if (!d)
		return;
	if (!completion_done(&d->gone)) {
		ret = amp_rproc_dump_delete(d);
		if (!wait_for_completion_timeout(&d->gone, ret ? 1 : AMP_RPROC_DUMP_WAIT))
			dev_warn(&rproc->dev,
				 "pending coredump not deleted (%d); amp_rproc stays loaded until devcoredump drops it\n",
				 ret);
	}
	amp_rproc_dump_forget(rproc);
}

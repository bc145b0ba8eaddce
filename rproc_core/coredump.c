// SPDX-License-Identifier: GPL-2.0
/*
 * ELF coredump of a crashed processor's memory, handed to devcoredump.
 *
 * The dump is an ELF64 little-endian ET_CORE file with one PT_LOAD program
 * header per carveout and per loaded segment that no carveout covers;
 * p_paddr and p_vaddr are the device address. It is collected after the
 * processor was stopped and before its memory is released. The dump is
 * filed against the backend's (parent) device, which outlives this module,
 * so a dump still pending when amp_rproc is unloaded stays valid.
 */
#include <linux/devcoredump.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/io.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "rproc_internal.h"

/* Largest dump collected; bigger memory is not dumped. */
#define AMP_RPROC_DUMP_MAX	(256UL << 20)

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
	buf = vzalloc(total);
	if (!buf)
		return NULL;
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

/* Collect the coredump of a stopped, crashed processor. */
void amp_rproc_coredump(struct amp_rproc *rproc)
{
	size_t len = 0;
	void *buf = amp_rproc_coredump_build(rproc, &len);

	if (!buf)
		return;
	/* dev_coredumpv() owns and vfree()s the buffer. */
	dev_coredumpv(rproc->parent ?: &rproc->dev, buf, len, GFP_KERNEL);
	dev_info(&rproc->dev, "coredump of %zu bytes filed\n", len);
}

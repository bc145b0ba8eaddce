// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_msm: Qualcomm images (.mdt with its .bNN split files, or .mbn):
 * parsing, the metadata for the secure world, and loading the segments
 * (msm_rproc.c has the overview).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <ampipc/compat.h>
#include <ampipc/fwparse.h>
#include <ampipc/rproc.h>
#include "msm.h"

/* The processors' ELF machines: Hexagon (QDSP6) and ARM. */
const u16 amp_msm_machines[AMP_MSM_NR_MACHINES] = { AMP_EM_QDSP6, AMP_EM_ARM };

/* --- image parsing --------------------------------------------------- */

/**
 * struct msm_phdr - one ELF32 program header
 * @type: p_type
 * @offset: p_offset
 * @paddr: p_paddr
 * @filesz: p_filesz
 * @memsz: p_memsz
 * @flags: p_flags
 */
struct msm_phdr {
	u32 type;
	u32 offset;
	u32 paddr;
	u32 filesz;
	u32 memsz;
	u32 flags;
};

/**
 * struct msm_image - what the headers say
 * @data: the main file
 * @size: its size
 * @phoff: e_phoff
 * @phnum: program headers
 * @entry: e_entry
 * @hash: index of the hash segment
 * @relocatable: a loadable segment is relocatable
 * @min_addr: lowest p_paddr of the loadable segments
 * @max_addr: highest p_paddr + p_memsz of the loadable segments
 */
struct msm_image {
	const u8 *data;
	size_t size;
	u32 phoff;
	unsigned int phnum;
	u32 entry;
	unsigned int hash;
	bool relocatable;
	u64 min_addr;
	u64 max_addr;
};

static u16 msm_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 msm_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void msm_phdr(const struct msm_image *img, unsigned int i,
		     struct msm_phdr *ph)
{
	const u8 *p = img->data + img->phoff + i * AMP_MSM_PHDR_SIZE;

	ph->type = msm_le32(p);
	ph->offset = msm_le32(p + 4);
	ph->paddr = msm_le32(p + 12);
	ph->filesz = msm_le32(p + 16);
	ph->memsz = msm_le32(p + 20);
	ph->flags = msm_le32(p + 24);
}

static bool msm_is_hash(const struct msm_phdr *ph)
{
	return AMP_QCOM_SEG_TYPE(ph->flags) == AMP_QCOM_SEG_TYPE_HASH;
}

static bool msm_is_load(const struct msm_phdr *ph)
{
	return ph->type == AMP_PT_LOAD && !msm_is_hash(ph) && ph->memsz;
}

static int msm_parse(struct msm_pil *p, const void *data, size_t size,
		     struct msm_image *img)
{
	static const u8 ident[] = { 0x7f, 'E', 'L', 'F', AMP_ELFCLASS32,
				    AMP_ELFDATA2LSB, AMP_EV_CURRENT };
	struct device *dev = p->dev;
	const u8 *d = data;
	struct msm_phdr ph;
	bool have_hash = false;
	unsigned int i;
	u16 machine;

	memset(img, 0, sizeof(*img));
	img->data = d;
	img->size = size;
	img->min_addr = U64_MAX;
	if (size < AMP_MSM_EHDR_SIZE || memcmp(d, ident, sizeof(ident))) {
		dev_err(dev, "e_ident: not a little-endian ELF32 image\n");
		return -ENOEXEC;
	}
	machine = msm_le16(d + 18);
	for (i = 0; i < ARRAY_SIZE(amp_msm_machines); i++)
		if (machine == amp_msm_machines[i])
			break;
	if (i == ARRAY_SIZE(amp_msm_machines)) {
		dev_err(dev, "e_machine: %u is neither QDSP6 nor ARM\n", machine);
		return -ENOEXEC;
	}
	img->phoff = msm_le32(d + 28);
	if (img->phoff < AMP_MSM_EHDR_SIZE || img->phoff > AMP_MSM_MAX_PHOFF) {
		dev_err(dev, "e_phoff: %u, the program headers must follow the ELF header\n",
			img->phoff);
		return -ENOEXEC;
	}
	if (msm_le16(d + 42) != AMP_MSM_PHDR_SIZE) {
		dev_err(dev, "e_phentsize: %u, expected %u\n", msm_le16(d + 42),
			AMP_MSM_PHDR_SIZE);
		return -ENOEXEC;
	}
	img->phnum = msm_le16(d + 44);
	if (!img->phnum || img->phnum > AMP_MSM_MAX_PHNUM) {
		dev_err(dev, "e_phnum: %u, expected 1..%u\n", img->phnum,
			AMP_MSM_MAX_PHNUM);
		return -ENOEXEC;
	}
	if (img->phoff + img->phnum * AMP_MSM_PHDR_SIZE > size) {
		dev_err(dev, "e_phnum: %u program headers run past the %zu-byte file\n",
			img->phnum, size);
		return -ENOEXEC;
	}
	img->entry = msm_le32(d + 24);

	for (i = 0; i < img->phnum; i++) {
		msm_phdr(img, i, &ph);
		if (msm_is_hash(&ph)) {
			if (have_hash) {
				dev_err(dev, "p_flags: program headers %u and %u are both hash segments\n",
					img->hash, i);
				return -ENOEXEC;
			}
			have_hash = true;
			img->hash = i;
			continue;
		}
		if (!msm_is_load(&ph))
			continue;
		if (ph.filesz > ph.memsz) {
			dev_err(dev, "segment %u: p_filesz %#x exceeds p_memsz %#x\n",
				i, ph.filesz, ph.memsz);
			return -ENOEXEC;
		}
		if (ph.flags & AMP_QCOM_SEG_RELOCATABLE)
			img->relocatable = true;
		img->min_addr = min_t(u64, img->min_addr, ph.paddr);
		img->max_addr = max_t(u64, img->max_addr, (u64)ph.paddr + ph.memsz);
	}
	if (!have_hash) {
		dev_err(dev, "p_flags: no hash segment, the image cannot be authenticated\n");
		return -ENOEXEC;
	}
	if (img->min_addr == U64_MAX) {
		dev_err(dev, "program headers: nothing to load\n");
		return -ENOEXEC;
	}
	return 0;
}

/* "<dir/base>.mdt" -> "<dir/base>.bNN"; NULL when @name is not a .mdt. */
static char *msm_split_name(const char *name, unsigned int seg)
{
	size_t len = strlen(name);

	if (len < 5 || strcmp(name + len - 4, ".mdt"))
		return NULL;
	return kasprintf(GFP_KERNEL, "%.*s.b%02u", (int)(len - 4), name, seg);
}

/*
 * Bytes of segment @seg: from the main file when it holds them, else from
 * its split file. *@fw is set when a split file was fetched.
 */
static int msm_segment_data(struct msm_pil *p, const struct msm_image *img,
			    const char *name, unsigned int seg,
			    const struct msm_phdr *ph, const u8 **data,
			    const struct firmware **fw)
{
	char *split;
	int ret;

	*fw = NULL;
	if (ph->offset <= img->size && ph->filesz <= img->size - ph->offset) {
		*data = img->data + ph->offset;
		return 0;
	}
	split = msm_split_name(name, seg);
	if (!split) {
		dev_err(p->dev, "segment %u: p_offset %#x + p_filesz %#x beyond the %zu-byte %s (no split files without .mdt)\n",
			seg, ph->offset, ph->filesz, img->size, name);
		return -ENOEXEC;
	}
	ret = p->glue->request_fw(p->dev, split, fw);
	if (ret) {
		dev_err(p->dev, "segment %u: cannot fetch %s: %d\n", seg, split,
			ret);
		kfree(split);
		*fw = NULL;
		return ret;
	}
	if ((*fw)->size != ph->filesz) {
		dev_err(p->dev, "segment %u: %s has %zu bytes, p_filesz says %u\n",
			seg, split, (*fw)->size, ph->filesz);
		kfree(split);
		release_firmware(*fw);
		*fw = NULL;
		return -ENOEXEC;
	}
	kfree(split);
	*data = (*fw)->data;
	return 0;
}

/*
 * The file's first bytes up to the end of the program headers (the ELF
 * header and the program headers), then the hash segment.
 */
static void *msm_metadata(struct msm_pil *p, const struct msm_image *img,
			  const char *name, size_t *len)
{
	size_t hdrs = img->phoff + img->phnum * AMP_MSM_PHDR_SIZE;
	const struct firmware *fw;
	struct msm_phdr ph;
	const u8 *hash;
	void *meta;
	int ret;

	msm_phdr(img, img->hash, &ph);
	if (ph.filesz > AMP_MSM_MAX_META - hdrs) {
		dev_err(p->dev, "hash segment %u: p_filesz %#x is implausibly large\n",
			img->hash, ph.filesz);
		return ERR_PTR(-EFBIG);
	}
	ret = msm_segment_data(p, img, name, img->hash, &ph, &hash, &fw);
	if (ret)
		return ERR_PTR(ret);
	*len = hdrs + ph.filesz;
	meta = kmalloc(*len, GFP_KERNEL);
	if (meta) {
		memcpy(meta, img->data, hdrs);
		memcpy(meta + hdrs, hash, ph.filesz);
	}
	release_firmware(fw);
	return meta ?: ERR_PTR(-ENOMEM);
}

static void msm_copy_to(struct msm_pil *p, size_t off, const void *src,
			size_t len, size_t zero)
{
	void *dst = p->region.va + off;

	if (p->region.flags & AMP_RPROC_WIN_IOMEM) {
		if (len)
			memcpy_toio((void __iomem __force *)dst, src, len);
		memset_io((void __iomem __force *)dst + len, 0, zero);
	} else {
		if (len)
			memcpy(dst, src, len);
		memset(dst + len, 0, zero);
	}
}

static int msm_load_segments(struct msm_pil *p, const struct msm_image *img,
			     const char *name)
{
	const struct firmware *fw;
	struct msm_phdr ph;
	const u8 *data;
	unsigned int i;
	u64 off;
	int ret;

	for (i = 0; i < img->phnum; i++) {
		msm_phdr(img, i, &ph);
		if (!msm_is_load(&ph))
			continue;
		if (img->relocatable)
			off = ph.paddr - img->min_addr;
		else if (ph.paddr >= p->region.pa)
			off = ph.paddr - p->region.pa;
		else
			off = U64_MAX;
		if (off > p->region.size || ph.memsz > p->region.size - off) {
			dev_err(p->dev, "segment %u: %#x..%#llx does not fit memory-region %pa (%#llx bytes)\n",
				i, ph.paddr, (u64)ph.paddr + ph.memsz,
				&p->region.pa, p->region.size);
			return -EINVAL;
		}
		data = NULL;
		fw = NULL;
		if (ph.filesz) {
			ret = msm_segment_data(p, img, name, i, &ph, &data,
					       &fw);
			if (ret)
				return ret;
		}
		msm_copy_to(p, off, data, ph.filesz, ph.memsz - ph.filesz);
		release_firmware(fw);
	}
	return 0;
}

int amp_msm_load(struct amp_rproc *rproc, const char *name, const void *fw,
		    size_t size, u64 *boot_addr)
{
	struct msm_pil *p = msm_from(rproc);
	const struct amp_msm_auth_ops *auth = p->glue->auth;
	struct msm_image img;
	size_t meta_len;
	void *meta;
	int ret;

	ret = msm_parse(p, fw, size, &img);
	if (ret)
		return ret;
	if (!p->region.size) {
		dev_err(p->dev, "memory-region: none, nowhere to load %s\n",
			name);
		return -ENOMEM;
	}

	meta = msm_metadata(p, &img, name, &meta_len);
	if (IS_ERR(meta))
		return PTR_ERR(meta);
	ret = auth->init_image(p, meta, meta_len);
	kfree(meta);
	if (ret) {
		dev_err(p->dev, "%s refused the metadata of %s: %d\n",
			auth->name, name, ret);
		return ret;
	}
	p->meta_pending = true;

	p->relocated = img.relocatable;
	if (img.relocatable) {
		p->image_base = p->region.pa;
		p->image_size = img.max_addr - img.min_addr;
		ret = auth->mem_setup(p, p->image_base, p->image_size);
		if (ret) {
			dev_err(p->dev, "%s: memory setup at %pa failed: %d\n",
				auth->name, &p->image_base, ret);
			goto release;
		}
	} else {
		p->image_base = img.min_addr;
		p->image_size = img.max_addr - img.min_addr;
	}

	ret = msm_load_segments(p, &img, name);
	if (ret)
		goto release;

	if (img.relocatable)
		*boot_addr = (u64)img.entry - img.min_addr + p->region.pa;
	else
		*boot_addr = img.entry;
	return 0;

release:
	auth->release(p);
	p->meta_pending = false;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_msm: driver body for Qualcomm processors booted through the
 * secure world's peripheral authentication service (PAS).
 *
 * Images are ELF32. The core fetches and verifies the main file (a .mdt or
 * a .mbn, or a signed bundle of one) and hands it to ->load():
 *
 *   1. the ELF header and program headers are checked; the hash segment
 *      (p_flags bits 24..26 == 2) must be present exactly once; a loadable
 *      segment with p_flags bit 27 makes the image relocatable;
 *   2. the metadata (ELF header + program headers, then the hash segment's
 *      bytes) goes to the authenticator's init_image; a refusal stops here;
 *   3. a relocatable image is announced with mem_setup(base, size), where
 *      base is the start of "memory-region" (the relocation base);
 *   4. every loadable segment is copied into "memory-region": at
 *      base + (p_paddr - lowest p_paddr) when relocatable, else at p_paddr,
 *      which must lie inside the region. Segment i comes from the main file
 *      when the file holds its bytes, else from "<name>.bNN" (NN = i, two
 *      digits) next to a .mdt; p_memsz beyond p_filesz is zeroed.
 *
 * ->auth_and_start() then asks the authenticator to verify and release the
 * processor (auth_and_reset) and waits for "ready". ->stop() raises the
 * optional stop-request state bit, waits for "stop-ack" and asks the
 * authenticator to shut the processor down.
 *
 * "wdog" and "fatal" report crashes, with the text the remote left in the
 * optional "crash-reason" memory. "handover" is logged once per boot.
 * Processors this one depends on ("amp,depends-on") are booted first by the
 * core; shutdown and crash events of every MSM processor are passed on to
 * the other running ones through the core's notifier chains (the sysmon
 * role).
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

static const u16 msm_machines[] = { AMP_EM_QDSP6, AMP_EM_ARM };

static const char * const msm_irq_names[AMP_MSM_NR_IRQS] = {
	[AMP_MSM_IRQ_WDOG] = "wdog",
	[AMP_MSM_IRQ_FATAL] = "fatal",
	[AMP_MSM_IRQ_READY] = "ready",
	[AMP_MSM_IRQ_HANDOVER] = "handover",
	[AMP_MSM_IRQ_STOP_ACK] = "stop-ack",
};

/* Every MSM processor, for the sysmon-style peer notifications. */
static LIST_HEAD(msm_pils);
static DEFINE_MUTEX(msm_pils_lock);

static struct msm_pil *msm_from(struct amp_rproc *rproc)
{
	return *(struct msm_pil **)amp_rproc_priv(rproc);
}

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
	for (i = 0; i < ARRAY_SIZE(msm_machines); i++)
		if (machine == msm_machines[i])
			break;
	if (i == ARRAY_SIZE(msm_machines)) {
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

static int msm_load(struct amp_rproc *rproc, const char *name, const void *fw,
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

/* --- start, stop, signals ------------------------------------------- */

static void msm_log_crash_reason(struct msm_pil *p, const char *what)
{
	size_t len = min_t(u64, p->crash.size, AMP_MSM_CRASH_REASON_MAX);
	char msg[AMP_MSM_CRASH_REASON_MAX + 1];

	if (!p->has_crash || !len) {
		dev_err(p->dev, "%s without a crash reason\n", what);
		return;
	}
	if (p->crash.flags & AMP_RPROC_WIN_IOMEM)
		memcpy_fromio(msg, (void __iomem __force *)p->crash.va, len);
	else
		memcpy(msg, p->crash.va, len);
	msg[len] = '\0';
	if (msg[0])
		dev_err(p->dev, "%s: %s\n", what, msg);
	else
		dev_err(p->dev, "%s without a crash reason\n", what);
}

static irqreturn_t msm_wdog(int irq, void *data)
{
	struct msm_pil *p = data;

	/* A stop sometimes ends in a watchdog bite instead of a stop-ack. */
	if (!READ_ONCE(p->running)) {
		complete(&p->stop_done);
		return IRQ_HANDLED;
	}
	msm_log_crash_reason(p, "watchdog bite");
	WRITE_ONCE(p->running, false);
	amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_WATCHDOG);
	return IRQ_HANDLED;
}

static irqreturn_t msm_fatal(int irq, void *data)
{
	struct msm_pil *p = data;

	if (!READ_ONCE(p->running))
		return IRQ_HANDLED;
	msm_log_crash_reason(p, "fatal error");
	WRITE_ONCE(p->running, false);
	amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_FATAL);
	return IRQ_HANDLED;
}

static irqreturn_t msm_ready(int irq, void *data)
{
	struct msm_pil *p = data;

	complete(&p->start_done);
	return IRQ_HANDLED;
}

static irqreturn_t msm_handover(int irq, void *data)
{
	struct msm_pil *p = data;

	if (p->handover_issued) {
		dev_err(p->dev, "handover signalled twice\n");
		return IRQ_HANDLED;
	}
	p->handover_issued = true;
	dev_dbg(p->dev, "handover: the remote holds its own resources\n");
	return IRQ_HANDLED;
}

static irqreturn_t msm_stop_ack(int irq, void *data)
{
	struct msm_pil *p = data;

	complete(&p->stop_done);
	return IRQ_HANDLED;
}

static const irq_handler_t msm_handlers[AMP_MSM_NR_IRQS] = {
	[AMP_MSM_IRQ_WDOG] = msm_wdog,
	[AMP_MSM_IRQ_FATAL] = msm_fatal,
	[AMP_MSM_IRQ_READY] = msm_ready,
	[AMP_MSM_IRQ_HANDOVER] = msm_handover,
	[AMP_MSM_IRQ_STOP_ACK] = msm_stop_ack,
};

/* The line level of a signal, for state bits whose edge may be missed. */
static bool msm_signal_high(struct msm_pil *p, enum amp_msm_irq which)
{
	bool state = false;

	if (!p->irq[which])
		return false;
	if (irq_get_irqchip_state(p->irq[which], IRQCHIP_STATE_LINE_LEVEL,
				  &state))
		return false;
	return state;
}

static int msm_auth_and_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct msm_pil *p = msm_from(rproc);
	const struct amp_msm_auth_ops *auth = p->glue->auth;
	int ret;

	if (!p->meta_pending) {
		dev_err(p->dev, "start without a loaded image\n");
		return -EINVAL;
	}
	reinit_completion(&p->start_done);
	reinit_completion(&p->stop_done);
	p->handover_issued = false;
	WRITE_ONCE(p->running, true);

	ret = auth->auth_and_reset(p);
	if (ret) {
		dev_err(p->dev, "%s refused to authenticate and release %s: %d\n",
			auth->name, amp_rproc_name(rproc), ret);
		goto fail;
	}
	if (!wait_for_completion_timeout(&p->start_done,
					 msecs_to_jiffies(p->start_timeout_ms)) &&
	    !msm_signal_high(p, AMP_MSM_IRQ_READY)) {
		dev_err(p->dev, "ready: no signal within %u ms\n",
			p->start_timeout_ms);
		ret = -ETIMEDOUT;
		if (auth->shutdown(p))
			dev_err(p->dev, "%s: shutdown after the failed start failed too\n",
				auth->name);
		goto fail;
	}
	auth->release(p);
	p->meta_pending = false;
	return 0;

fail:
	WRITE_ONCE(p->running, false);
	auth->release(p);
	p->meta_pending = false;
	return ret;
}

static int msm_start(struct amp_rproc *rproc, u64 boot_addr)
{
	return msm_auth_and_start(rproc, boot_addr);
}

static int msm_stop(struct amp_rproc *rproc)
{
	struct msm_pil *p = msm_from(rproc);
	const struct amp_msm_auth_ops *auth = p->glue->auth;
	unsigned long left;
	int ret;

	WRITE_ONCE(p->running, false);
	if (p->stop_map) {
		ret = regmap_update_bits(p->stop_map, p->stop_reg,
					 BIT(p->stop_bit), BIT(p->stop_bit));
		if (ret)
			dev_err(p->dev, "qcom,stop-reg: cannot request the stop: %d\n",
				ret);
		left = wait_for_completion_timeout(&p->stop_done,
				msecs_to_jiffies(p->stop_timeout_ms));
		if (!left && !msm_signal_high(p, AMP_MSM_IRQ_STOP_ACK))
			dev_err(p->dev, "stop-ack: none within %u ms, shutting down anyway\n",
				p->stop_timeout_ms);
		regmap_update_bits(p->stop_map, p->stop_reg, BIT(p->stop_bit), 0);
	}
	ret = auth->shutdown(p);
	if (ret) {
		dev_err(p->dev, "%s: shutdown failed: %d\n", auth->name, ret);
		return ret;
	}
	if (p->meta_pending) {
		auth->release(p);
		p->meta_pending = false;
	}
	return 0;
}

/* The main image comes the same way as its split files. */
static int msm_fw_fetch(struct amp_rproc *rproc, const char *name,
			const void **data, size_t *size)
{
	struct msm_pil *p = msm_from(rproc);
	int ret;

	ret = p->glue->request_fw(p->dev, name, &p->main_fw);
	if (ret)
		return ret;
	*data = p->main_fw->data;
	*size = p->main_fw->size;
	return 0;
}

static void msm_fw_release(struct amp_rproc *rproc, const void *data)
{
	struct msm_pil *p = msm_from(rproc);

	release_firmware(p->main_fw);
	p->main_fw = NULL;
}

static const struct amp_rproc_ops msm_ops = {
	.fw_fetch = msm_fw_fetch,
	.fw_release = msm_fw_release,
	.load = msm_load,
	.start = msm_start,
	.auth_and_start = msm_auth_and_start,
	.stop = msm_stop,
};

/* --- sysmon-style peer notifications ---------------------------------- */

static const char *msm_event_name(unsigned long ev)
{
	switch (ev) {
	case AMP_RPROC_EV_BOOTED:
		return "after_powerup";
	case AMP_RPROC_EV_STOPPING:
		return "before_shutdown";
	case AMP_RPROC_EV_STOPPED:
		return "after_shutdown";
	case AMP_RPROC_EV_CRASHED:
		return "crashed";
	default:
		return NULL;
	}
}

/* One of ours changed state: tell every other running MSM processor. */
static int msm_notify(struct notifier_block *nb, unsigned long ev, void *data)
{
	struct msm_pil *src = container_of(nb, struct msm_pil, nb);
	const char *what = msm_event_name(ev);
	struct msm_pil *peer;

	if (!what)
		return NOTIFY_DONE;
	mutex_lock(&msm_pils_lock);
	list_for_each_entry(peer, &msm_pils, node) {
		if (peer == src || !READ_ONCE(peer->running))
			continue;
		peer->peer_event = ev;
		peer->peer_events++;
		dev_info(peer->dev, "ssr: %s %s\n", amp_rproc_name(src->rproc),
			 what);
	}
	mutex_unlock(&msm_pils_lock);
	return NOTIFY_OK;
}

/* --- probe ---------------------------------------------------------- */

static int msm_get_irqs(struct msm_pil *p, struct platform_device *pdev)
{
	unsigned int i;
	int irq, ret;

	for (i = 0; i < AMP_MSM_NR_IRQS; i++) {
		irq = platform_get_irq_byname_optional(pdev, msm_irq_names[i]);
		if (irq == -ENXIO && (i == AMP_MSM_IRQ_HANDOVER ||
				      i == AMP_MSM_IRQ_STOP_ACK))
			continue;
		if (irq < 0)
			return dev_err_probe(p->dev, irq,
					     "interrupts: \"%s\" missing\n",
					     msm_irq_names[i]);
		ret = devm_request_threaded_irq(p->dev, irq, NULL,
						msm_handlers[i], IRQF_ONESHOT,
						msm_irq_names[i], p);
		if (ret)
			return dev_err_probe(p->dev, ret,
					     "interrupts: cannot request \"%s\"\n",
					     msm_irq_names[i]);
		p->irq[i] = irq;
	}
	return 0;
}

static int msm_get_stop_reg(struct msm_pil *p)
{
	u32 args[2];
	struct regmap *map;

	map = amp_be_regmap_ref(p->dev, "qcom,stop-reg", 2, args);
	if (map == ERR_PTR(-ENOENT))
		return 0;
	if (IS_ERR(map))
		return dev_err_probe(p->dev, PTR_ERR(map),
				     "qcom,stop-reg: unusable\n");
	if (args[0] & 3 || args[1] > 31) {
		dev_err(p->dev, "qcom,stop-reg: offset %#x bit %u invalid\n",
			args[0], args[1]);
		return -EINVAL;
	}
	p->stop_map = map;
	p->stop_reg = args[0];
	p->stop_bit = args[1];
	return 0;
}

int amp_msm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct amp_rproc_config cfg = { };
	struct msm_pil *p;
	int ret;

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->dev = dev;
	p->glue = device_get_match_data(dev);
	if (!p->glue && platform_get_device_id(pdev))
		p->glue = (const void *)platform_get_device_id(pdev)->driver_data;
	if (!p->glue)
		return -ENODEV;
	init_completion(&p->start_done);
	init_completion(&p->stop_done);
	INIT_LIST_HEAD(&p->node);
	platform_set_drvdata(pdev, p);

	if (device_property_read_u32(dev, "qcom,pas-id", &p->pas_id)) {
		dev_err(dev, "qcom,pas-id: missing (the peripheral id the secure world knows)\n");
		return -EINVAL;
	}
	cfg.name = dev_name(dev);
	device_property_read_string(dev, "amp,name", &cfg.name);
	cfg.firmware = NULL;
	device_property_read_string(dev, "firmware-name", &cfg.firmware);
	if (!cfg.firmware) {
		dev_err(dev, "firmware-name: missing (the .mdt or .mbn image)\n");
		return -EINVAL;
	}
	p->start_timeout_ms = AMP_MSM_START_TIMEOUT_MS;
	device_property_read_u32(dev, "qcom,start-timeout-ms",
				 &p->start_timeout_ms);
	p->stop_timeout_ms = AMP_MSM_STOP_TIMEOUT_MS;
	device_property_read_u32(dev, "qcom,stop-timeout-ms",
				 &p->stop_timeout_ms);

	p->region.name = "memory-region";
	p->region.flags = AMP_RPROC_WIN_LOAD;
	ret = p->glue->mem->carveout(pdev, &p->region);
	if (ret == -ENOENT) {
		dev_err(dev, "memory-region: missing (where the image is loaded)\n");
		return -EINVAL;
	}
	if (ret)
		return ret;
	p->region.da = p->region.pa;

	p->crash.name = "crash-reason";
	ret = p->glue->mem->map_mem(pdev, "crash-reason", &p->crash);
	if (ret && ret != -ENOENT)
		return dev_err_probe(dev, ret, "reg: cannot map \"crash-reason\"\n");
	p->has_crash = !ret;

	ret = msm_get_irqs(p, pdev);
	if (ret)
		return ret;
	ret = msm_get_stop_reg(p);
	if (ret)
		return ret;

	cfg.ops = &msm_ops;
	cfg.machines = msm_machines;
	cfg.nr_machines = ARRAY_SIZE(msm_machines);
	cfg.target = "amp,qcom-pas";
	cfg.windows = &p->region;
	cfg.nr_windows = 1;
	cfg.fwnode = dev_fwnode(dev);
	cfg.priv_size = sizeof(p);
	p->rproc = amp_rproc_alloc(dev, &cfg);
	if (IS_ERR_OR_NULL(p->rproc)) {
		ret = p->rproc ? PTR_ERR(p->rproc) : -ENOMEM;
		dev_err(dev, "cannot allocate the processor: %d\n", ret);
		return ret;
	}
	*(struct msm_pil **)amp_rproc_priv(p->rproc) = p;

	ret = amp_rproc_register(p->rproc);
	if (ret) {
		dev_err(dev, "cannot register the processor: %d\n", ret);
		goto free_rproc;
	}

	p->nb.notifier_call = msm_notify;
	ret = amp_rproc_register_notifier(p->rproc, &p->nb);
	if (ret) {
		dev_err(dev, "cannot watch the processor's events: %d\n", ret);
		goto unregister;
	}
	mutex_lock(&msm_pils_lock);
	list_add_tail(&p->node, &msm_pils);
	mutex_unlock(&msm_pils_lock);
	return 0;

unregister:
	amp_rproc_unregister(p->rproc);
free_rproc:
	amp_rproc_free(p->rproc);
	return ret;
}

void amp_msm_remove(struct platform_device *pdev)
{
	struct msm_pil *p = platform_get_drvdata(pdev);

	mutex_lock(&msm_pils_lock);
	list_del(&p->node);
	mutex_unlock(&msm_pils_lock);
	amp_rproc_unregister_notifier(p->rproc, &p->nb);
	amp_rproc_unregister(p->rproc);
	amp_rproc_free(p->rproc);
}

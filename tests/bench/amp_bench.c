// SPDX-License-Identifier: GPL-2.0
/*
 * amp_bench: the kernel client of make bench on ampipc's own stack. It binds
 * the sim's echo channels on the amp_rpmsg bus and runs the loops of
 * bench_common.h through them; the bulk path borrows tx buffers and fills
 * them in place (zero-copy). Besides the shared commands it measures the
 * firmware path:
 *
 *   CHAN CMD...       a shared command on the channel CHAN: "std" (the link
 *                     with 512-byte buffers) or "big" (negotiated buffers)
 *   fw BUNDLE ELF     amp_bundle_load() of BUNDLE (verify while loading) and
 *                     amp_elf_load() of the unsigned ELF, into ordinary
 *                     memory, beside a memcpy plus SHA-256 of the ELF's
 *                     bytes: load_verify_us, unsigned_us, memcpy_sha_us
 *
 * Test code: built only by scripts/bench.sh against the bench kernel.
 */
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/vmalloc.h>
#include <crypto/hash.h>

#include <ampipc/bundle_load.h>
#include <ampipc/elf_loader.h>
#include <ampipc/fwparse.h>
#include <ampipc/rpmsg.h>

#include "bench_common.h"

#define BENCH_FW_BASE	0x80000000ULL
#define BENCH_FW_MEM	(16U << 20)
#define BENCH_CHANS	4

struct bench_chan {
	struct amp_rpmsg_device *rpdev;
	struct bench_rx rx;
};

static struct bench_chan chans[BENCH_CHANS];
/*
 * Two locks, so that no endpoint is destroyed under the lock probe() takes:
 * probe() runs under the name-service endpoint's callback lock, and
 * lockdep puts every endpoint's callback lock in one class. A channel must
 * not go away while a run uses it (the bench stops processors only after
 * its runs).
 */
static DEFINE_MUTEX(bench_lock);	/* chans[] */
static DEFINE_MUTEX(bench_run_lock);	/* one run at a time, bench_out */
static char bench_out[BENCH_OUT_SIZE];
static struct dentry *bench_dir;
static struct device *bench_dev;

static int ours_send(void *ctx, const void *data, size_t len)
{
	struct bench_chan *ch = ctx;

	return amp_rpmsg_send(ch->rpdev->ept, data, len);
}

/* Zero-copy: the payload goes straight into the shared buffer. */
static int ours_send_bulk(void *ctx, const void *data, size_t len)
{
	struct bench_chan *ch = ctx;
	struct amp_rpmsg_endpoint *ept = ch->rpdev->ept;
	size_t room;
	void *buf;

	buf = amp_rpmsg_tx_borrow(ept, &room, BENCH_TIMEOUT);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (len > room) {
		amp_rpmsg_tx_return(ept, buf);
		return -EMSGSIZE;
	}
	memcpy(buf, data, len);
	return amp_rpmsg_tx_send(ept, buf, ept->addr, ch->rpdev->dst, len);
}

static size_t ours_mtu(void *ctx)
{
	struct bench_chan *ch = ctx;
	ssize_t mtu = amp_rpmsg_get_mtu(ch->rpdev->ept);

	return mtu > 0 ? mtu : 0;
}

static int ours_ept_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		       void *priv, u32 src)
{
	return 0;
}

static int ours_ept_create(void *ctx, void **slot)
{
	struct bench_chan *ch = ctx;
	struct amp_rpmsg_channel_info ci = {
		.src = AMP_RPMSG_ADDR_ANY,
		.dst = AMP_RPMSG_ADDR_ANY,
	};
	struct amp_rpmsg_endpoint *ept;

	strscpy(ci.name, ch->rpdev->name, sizeof(ci.name));
	ept = amp_rpmsg_create_ept(ch->rpdev, ours_ept_cb, NULL, ci);
	if (IS_ERR_OR_NULL(ept))
		return ept ? PTR_ERR(ept) : -ENOMEM;
	*slot = ept;
	return 0;
}

static void ours_ept_destroy(void *ctx, void *ept)
{
	amp_rpmsg_destroy_ept(ept);
}

static const struct bench_ops ours_ops = {
	.send = ours_send,
	.send_bulk = ours_send_bulk,
	.mtu = ours_mtu,
	.ept_create = ours_ept_create,
	.ept_destroy = ours_ept_destroy,
};

static int bench_cb(struct amp_rpmsg_endpoint *ept, void *data, size_t len,
		    void *priv, u32 src)
{
	struct bench_chan *ch = dev_get_drvdata(&ept->rpdev->dev);

	if (ch)
		bench_rx_one(&ch->rx, len);
	return 0;
}

static int bench_probe(struct amp_rpmsg_device *rpdev)
{
	int i;

	mutex_lock(&bench_lock);
	for (i = 0; i < BENCH_CHANS; i++) {
		if (!chans[i].rpdev) {
			bench_rx_init(&chans[i].rx);
			chans[i].rpdev = rpdev;
			dev_set_drvdata(&rpdev->dev, &chans[i]);
			break;
		}
	}
	mutex_unlock(&bench_lock);
	return i < BENCH_CHANS ? 0 : -ENOSPC;
}

static void bench_remove(struct amp_rpmsg_device *rpdev)
{
	struct bench_chan *ch = dev_get_drvdata(&rpdev->dev);

	mutex_lock(&bench_lock);
	dev_set_drvdata(&rpdev->dev, NULL);
	ch->rpdev = NULL;
	mutex_unlock(&bench_lock);
}

/* "std": the channel with the standard MTU (496); "big": a larger one. */
static struct bench_chan *bench_find(const char *which)
{
	bool big = !strcmp(which, "big");
	int i;

	if (!big && strcmp(which, "std"))
		return NULL;
	for (i = 0; i < BENCH_CHANS; i++) {
		if (chans[i].rpdev &&
		    (ours_mtu(&chans[i]) > 496) == big)
			return &chans[i];
	}
	return NULL;
}

static int bench_map(void *priv, u64 da, size_t len, struct amp_elf_mapping *m)
{
	if (da < BENCH_FW_BASE || da - BENCH_FW_BASE >= BENCH_FW_MEM)
		return -ERANGE;
	m->va = (u8 *)priv + (da - BENCH_FW_BASE);
	m->len = BENCH_FW_MEM - (size_t)(da - BENCH_FW_BASE);
	m->is_iomem = false;
	return 0;
}

/* The limit: copy the ELF's bytes once and hash them once. */
static int bench_memcpy_sha(void *dst, const void *src, size_t len, u64 *ns)
{
	struct crypto_shash *tfm = crypto_alloc_shash("sha256", 0, 0);
	u8 digest[32];
	u64 t0;
	int ret;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		t0 = ktime_get_ns();
		memcpy(dst, src, len);
		ret = crypto_shash_digest(desc, dst, len, digest);
		*ns = ktime_get_ns() - t0;
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	return ret;
}

static int bench_fw(const char *bundle, const char *elf, char *out, size_t outlen)
{
	const struct amp_bundle_policy pol = { .target = "ampipc,bench" };
	const struct amp_fw_limits lim = { .mem_cap = BENCH_FW_MEM };
	const struct firmware *fb = NULL, *fe = NULL;
	struct amp_bundle_result res;
	struct amp_elf_xlate xlate = { .map = bench_map };
	struct amp_elf_image img;
	u64 t0, t_bundle, t_plain, t_limit;
	void *mem;
	int ret;

	mem = vzalloc(BENCH_FW_MEM);
	if (!mem)
		return -ENOMEM;
	xlate.priv = mem;
	ret = request_firmware(&fb, bundle, bench_dev) ?:
	      request_firmware(&fe, elf, bench_dev);
	if (ret)
		goto out;
	t0 = ktime_get_ns();
	ret = amp_bundle_load(bench_dev, fb->data, fb->size, &pol, &lim, &xlate,
			      &img, &res);
	t_bundle = ktime_get_ns() - t0;
	if (!ret && !res.verified)
		ret = -EKEYREJECTED;
	if (ret)
		goto out;
	t0 = ktime_get_ns();
	ret = amp_elf_load(bench_dev, fe->data, fe->size, &lim, &xlate, &img);
	t_plain = ktime_get_ns() - t0;
	if (ret)
		goto out;
	ret = bench_memcpy_sha(mem, fe->data, min_t(size_t, fe->size, BENCH_FW_MEM),
			       &t_limit);
	if (!ret)
		scnprintf(out, outlen,
			  "bytes=%zu load_verify_us=%llu unsigned_us=%llu memcpy_sha_us=%llu\n",
			  fe->size, div_u64(t_bundle, 1000), div_u64(t_plain, 1000),
			  div_u64(t_limit, 1000));
out:
	release_firmware(fe);
	release_firmware(fb);
	vfree(mem);
	return ret;
}

static ssize_t bench_run_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char cmd[128], a[64], b[64], which[8];
	struct bench_chan *ch;
	int ret, skip;

	if (count >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, count))
		return -EFAULT;
	cmd[count] = '\0';
	strim(cmd);

	mutex_lock(&bench_run_lock);
	bench_out[0] = '\0';
	if (sscanf(cmd, "fw %63s %63s", a, b) == 2) {
		ret = bench_fw(a, b, bench_out, sizeof(bench_out));
	} else if (sscanf(cmd, "%7s %n", which, &skip) == 1) {
		mutex_lock(&bench_lock);
		ch = bench_find(which);
		mutex_unlock(&bench_lock);
		ret = ch ? bench_common_cmd(&ours_ops, ch, &ch->rx, cmd + skip,
					    bench_out, sizeof(bench_out)) : -ENODEV;
	} else {
		ret = -EINVAL;
	}
	if (ret)
		scnprintf(bench_out, sizeof(bench_out), "error=%d\n", ret);
	mutex_unlock(&bench_run_lock);
	return ret ? ret : count;
}

static ssize_t bench_run_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_run_lock);
	ret = simple_read_from_buffer(ubuf, count, ppos, bench_out,
				      strlen(bench_out));
	mutex_unlock(&bench_run_lock);
	return ret;
}

static const struct file_operations bench_run_fops = {
	.owner = THIS_MODULE,
	.write = bench_run_write,
	.read = bench_run_read,
	.llseek = default_llseek,
};

static int bench_channels_show(struct seq_file *s, void *unused)
{
	int i;

	mutex_lock(&bench_lock);
	for (i = 0; i < BENCH_CHANS; i++)
		if (chans[i].rpdev)
			seq_printf(s, "%s %zu\n", dev_name(&chans[i].rpdev->dev),
				   ours_mtu(&chans[i]));
	mutex_unlock(&bench_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(bench_channels);

static const struct amp_rpmsg_device_id bench_ids[] = {
	{ .name = "amp-sim-echo" },
	{ },
};

static struct amp_rpmsg_driver bench_driver = {
	.drv.name = "amp_bench",
	.id_table = bench_ids,
	.probe = bench_probe,
	.remove = bench_remove,
	.callback = bench_cb,
};

static int __init bench_init(void)
{
	int ret;

	bench_dev = root_device_register("amp_bench");
	if (IS_ERR(bench_dev))
		return PTR_ERR(bench_dev);
	bench_dir = debugfs_create_dir("amp_bench", NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &bench_run_fops);
	debugfs_create_file("channels", 0400, bench_dir, NULL,
			    &bench_channels_fops);
	ret = amp_rpmsg_register_driver(&bench_driver);
	if (ret) {
		debugfs_remove_recursive(bench_dir);
		root_device_unregister(bench_dev);
	}
	return ret;
}
module_init(bench_init);

static void __exit bench_exit(void)
{
	amp_rpmsg_unregister_driver(&bench_driver);
	debugfs_remove_recursive(bench_dir);
	root_device_unregister(bench_dev);
}
module_exit(bench_exit);

MODULE_DESCRIPTION("ampipc benchmarks: kernel client on amp_rpmsg (test code)");
MODULE_LICENSE("GPL");
